"""Each editor's drafts that were never published: the pages autosave created when the editor started
a new page and then left it. Listed on their dashboard (cms/wagtail_hooks.py), so nothing is left
behind unseen."""

from wagtail.models import Page

DASHBOARD_LIMIT = 20


def unpublished_drafts_of(user):
    """The pages ``user`` owns that have never been live, most recently saved first."""
    return (
        Page.objects.filter(owner=user, live=False, first_published_at__isnull=True)
        .specific()
        .select_related("owner")
        .order_by("-latest_revision_created_at", "-pk")
    )
