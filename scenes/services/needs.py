"""Needs (应用需求) in the showcase: the catalogue behind /needs/, what a need's page shows around its
own fields, and what signed-in people do there (follow, comment). No request objects below the
listing and the page context; the views in scenes/views.py stay thin over these.

What anyone sees is live and public only (``live_needs``): a draft, a need in moderation or one
behind a view restriction is never listed, shown, followed or commented on.

The listing reuses the scene catalogue's machinery (facets, query string, search, pages), but its
facet index is built for each request rather than cached under the showcase version: a need's
status is moved by the contest (``set_need_status``, a queryset update) and its follower count by
every follow, and neither starts a new showcase version. The index costs three queries whatever
the number of needs (the catalogue, the need–domain links, the domains).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.models.english import localized_title
from cms.registry import need_page_sections
from cms.search import filter_by_search
from cms.site_cache import public
from cms.throttle import allow
from scenes.choices import NEED_SORTS, NeedStatus
from scenes.models import DataResource, Domain, NeedComment, NeedIndexPage, NeedPage, NeedVote, Node, ScenePage
from scenes.services.catalogue import build_listing
from scenes.services.facet_index import build_index
from scenes.services.facets import Facet, Through

COMMENT_MAX_LENGTH = 1000
COMMENT_THROTTLE = "need_comment"  # settings.THROTTLES: comments per person
FOLLOW_THROTTLE = "need_follow"  # settings.THROTTLES: follow/unfollow toggles per person
SIMILAR_SCENES = 6

NEED_FACETS = [
    Facet("node", _("城市/节点"), "node__slug", "node__name", order_field="node__sort_order", named_by=Node),
    Facet(
        "domain",
        _("应用领域"),
        "domains__slug",
        "domains__name",
        order_field="domains__sort_order",
        named_by=Domain,
        through=Through(NeedPage.domains.through, "needpage_id", "domain"),
    ),
    Facet("status", _("状态"), "status", "status", choices=dict(NeedStatus.choices)),
]


class NeedActionRefused(Exception):
    """A follow or comment that is not done, with the translated reason to show."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def live_needs(index=None):
    """Needs anyone may see: live and not behind a view restriction (never drafts)."""
    needs = public(NeedPage.objects.live())
    return needs.child_of(index) if index is not None else needs


def find_visible_need(pk):
    """The live, public need ``pk``, or None (unpublished, restricted or unknown: the same answer)."""
    return live_needs().filter(pk=pk).first()


def search_needs(queryset, q):
    """Chinese full-text search through the site's segmentation (as the scene catalogue)."""
    return filter_by_search(queryset, q)


def with_card_data(queryset):
    """What a need card shows (city, unit, domains), in a fixed number of queries."""
    domains = Prefetch("domains", queryset=Domain.objects.order_by("sort_order", "name"))
    return queryset.select_related("node", "proposing_unit").prefetch_related(domains)


def _fresh_index(name, queryset, facets, sorts):
    return build_index(queryset, facets, sorts)


def need_listing(request, index):
    return build_listing(
        request,
        base=live_needs(index),
        facets=NEED_FACETS,
        sorts=NEED_SORTS,
        search=search_needs,
        title=localized_title(index),
        index_name=f"needs:{index.pk}",
        decorate=with_card_data,
        index=_fresh_index,
    )


# The page of one need --------------------------------------------------------------------------


def resource_url(resource):
    """The public page of a data resource (/data/<slug>/), or "" while the site has none."""
    try:
        return resource.get_absolute_url()
    except NoReverseMatch:
        return ""


def display_name(user):
    """How a commenter is named in public: their name, never their e-mail address."""
    name = (getattr(user, "real_name", "") or "").strip() or user.get_full_name().strip()
    if not name or "@" in name:
        return str(_("数用用户"))
    return name


@dataclass(frozen=True)
class ShownComment:
    author: str
    body: str
    created_at: object


def visible_comments(need):
    """The comments anyone may read (hidden ones left out), oldest first, with their authors' names."""
    comments = NeedComment.objects.filter(need_id=need.pk, hidden_at__isnull=True).select_related("author")
    return [ShownComment(display_name(c.author), c.body, c.created_at) for c in comments.order_by("created_at", "pk")]


def is_following(need, user):
    if not (user and user.is_authenticated and need.pk):
        return False
    return NeedVote.objects.filter(need_id=need.pk, user=user).exists()


def _parent_index(need):
    if not need.path or len(need.path) <= need.steplen:
        return None
    return NeedIndexPage.objects.filter(path=need.path[: -need.steplen]).first()


def _ids(relation):
    # Also works on a preview, whose relations live in memory (modelcluster).
    return [obj.pk for obj in relation.all()]


def need_detail_context(need, request):
    index = _parent_index(need)
    index_url = index.get_url(request) if index is not None else ""
    domains = list(Domain.objects.filter(pk__in=_ids(need.domains)).order_by("sort_order", "name"))
    resources = list(DataResource.objects.filter(pk__in=_ids(need.data_resources)).order_by("name"))
    similar = (
        public(ScenePage.objects.live())
        .filter(pk__in=_ids(need.similar_scenes))
        .select_related("node")
        .defer_streamfields()
        .order_by("title")[:SIMILAR_SCENES]
    )
    user = getattr(request, "user", None)
    sections = [html for func in need_page_sections if (html := func(need, request))] if need.pk else []
    return {
        "need_index": index,
        "node_url": f"{index_url}?node={need.node.slug}" if index_url and need.node_id else "",
        "status_url": f"{index_url}?status={need.status}" if index_url else "",
        "domain_links": [(d, f"{index_url}?domain={d.slug}" if index_url else "") for d in domains],
        "resource_links": [(r, resource_url(r)) for r in resources],
        "similar_scenes": list(similar),
        "comments": visible_comments(need) if need.pk else [],
        "is_following": is_following(need, user),
        "contest_sections": sections,
        "comment_max_length": COMMENT_MAX_LENGTH,
    }


# Follow and comment ----------------------------------------------------------------------------


def toggle_follow(need, user):
    """Follow ``need`` if ``user`` does not yet, else stop following; returns (following, count).

    One follow per person (the unique constraint decides between two simultaneous clicks); the
    count moves with F() in the same transaction, so it always equals the follows."""
    if not allow(FOLLOW_THROTTLE, user.pk):
        raise NeedActionRefused(_("操作太频繁，请稍后再试。"))
    with transaction.atomic():
        removed, _by_model = NeedVote.objects.filter(need_id=need.pk, user=user).delete()
        if removed:
            following, change = False, -1
        else:
            try:
                with transaction.atomic():
                    NeedVote.objects.create(need_id=need.pk, user=user)
            except IntegrityError:  # a simultaneous follow by the same person won
                return True, NeedPage.objects.filter(pk=need.pk).values_list("vote_count", flat=True).get()
            following, change = True, 1
        NeedPage.objects.filter(pk=need.pk).update(vote_count=F("vote_count") + change)
    return following, NeedPage.objects.filter(pk=need.pk).values_list("vote_count", flat=True).get()


def clean_comment(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("请填写评论内容。"), code="required")
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("评论最多 %(limit)d 个字，现在有 %(count)d 个字。"),
            code="max_length",
            params={"limit": COMMENT_MAX_LENGTH, "count": len(body)},
        )
    return body


def add_comment(need, user, body):
    """Save ``user``'s comment on ``need``; raises ValidationError (bad text) or NeedActionRefused
    (too many comments lately), saving nothing."""
    body = clean_comment(body)
    if not allow(COMMENT_THROTTLE, user.pk):
        raise NeedActionRefused(_("评论太频繁，请稍后再试。"))
    return NeedComment.objects.create(need_id=need.pk, author=user, body=body)


def hide_comment(comment, moderator, reason):
    """Hide a comment from the public, keeping it with who hid it and why (a blank reason shows it again)."""
    reason = (reason or "").strip()
    comment.hidden_reason = reason
    comment.hidden_at = (comment.hidden_at or timezone.now()) if reason else None
    comment.hidden_by = (comment.hidden_by or moderator) if reason else None
    comment.save(update_fields=["hidden_reason", "hidden_at", "hidden_by"])
    return comment
