"""The slug the server would give a page with this title under this parent, for the admin's slug
field while the editor types the title (cms/static/js/readable-slug.js)."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from wagtail.models import Page

from cms.slugs import readable_slug, sibling_slug_taken, unique_slug


@require_GET
def slug_suggestion(request):
    parent = get_object_or_404(Page, pk=_int(request.GET.get("parent")))
    page = Page.objects.filter(pk=_int(request.GET.get("page"))).first()
    # Only for someone who could save such a page: the numbering would otherwise tell any admin user
    # which slugs exist under pages they cannot see.
    may_add = parent.permissions_for_user(request.user).can_add_subpage()
    if not (may_add or (page is not None and page.permissions_for_user(request.user).can_edit())):
        raise Http404
    title = request.GET.get("title", "")[:255]
    slug = unique_slug(readable_slug(title), sibling_slug_taken(parent, page))
    return JsonResponse({"slug": slug})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
