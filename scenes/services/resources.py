"""The data resource catalogue (/data/) and a resource's public page (/data/<slug>/, 数源页).

The catalogue is built like the scene catalogue (scenes.services.catalogue.build_listing): facet
counts, sort order and pages come from the in-memory facet index cached under the showcase version,
the search from the site's segmenting backend, so a page costs the same few queries at 50 or
150,000 resources. A resource's page lists every published use: scenes, solutions and needs here,
whatever other apps register in ``cms.registry.data_resource_uses`` (the contest's 赛题 and winning
entries), each with a count and its first items.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from cms.registry import data_resource_findings, data_resource_uses
from cms.search import filter_by_search
from cms.site_cache import public
from scenes.cache import RESOURCES_VERSION
from scenes.choices import RESOURCE_SORTS, Openness, OpenRequestStatus
from scenes.models import DataResource, Domain, NeedPage, Node, OpenDataRequest
from scenes.services.catalogue import build_listing, live_scenes, live_solutions
from scenes.services.facet_index import catalogue_index
from scenes.services.facets import Facet, Through
from scenes.services.open_data import open_data_figures, public_answers

INDEX_NAME = "data_resources"
USES_SHOWN = 20  # items listed per kind of use (the count is always the whole)
PER_PAGE = 20

RESOURCE_FACETS = [
    Facet("owner", _("责任部门"), "department", "department", limit=20),
    Facet(
        "domain",
        _("应用领域"),
        "domains__slug",
        "domains__name",
        order_field="domains__sort_order",
        named_by=Domain,
        through=Through(DataResource.domains.through, "dataresource_id", "domain"),
    ),
    Facet("node", _("城市/节点"), "node__slug", "node__name", order_field="node__sort_order", named_by=Node),
    Facet("openness", _("开放状态"), "openness", "openness", choices=dict(Openness.choices)),
]


def all_resources():
    return DataResource.objects.all()


def search_resources(queryset, q):
    return filter_by_search(queryset, q)


def with_resource_card_data(queryset):
    """What a row of the catalogue shows, in a fixed number of queries."""
    domains = Prefetch("domains", queryset=Domain.objects.order_by("sort_order", "name"))
    return queryset.select_related("node", "owner_unit").prefetch_related(domains)


def index_key():
    """The facet index's cache key: the resources' own version, so a scene published elsewhere
    does not rebuild it (a few seconds at 150,000 resources)."""
    return f"resources:facets:v{RESOURCES_VERSION.current()}"


def resource_catalogue_index():
    """Build (or find cached) the catalogue's facet index: the warm-up task calls this."""
    return catalogue_index(INDEX_NAME, all_resources(), RESOURCE_FACETS, RESOURCE_SORTS, key=index_key())


def resource_listing(request):
    return build_listing(
        request,
        base=all_resources(),
        facets=RESOURCE_FACETS,
        sorts=RESOURCE_SORTS,
        search=search_resources,
        title=_("数据资源目录"),
        index_name=INDEX_NAME,
        per_page=PER_PAGE,
        decorate=with_resource_card_data,
        suggest=False,
        index_key=index_key(),
    )


@dataclass
class Use:
    key: str
    label: str
    count: int
    items: list = field(default_factory=list)  # [{"title", "url", "note"}]


def _page_uses(key, label, pages, request, note=None):
    pages = pages.order_by("-first_published_at", "-pk")
    count = pages.count()
    shown = list(pages.defer_streamfields()[:USES_SHOWN]) if count else []
    items = [{"title": page.title, "url": page.get_url(request), "note": note(page) if note else ""} for page in shown]
    return Use(key, label, count, items)


def resource_uses(resource, request):
    """Every published use of ``resource``: live, public scenes, solutions and needs, then the
    sections other apps register. Two queries per kind of use here, whatever the data."""
    uses = [
        _page_uses(
            "scenes",
            _("应用场景"),
            live_scenes().filter(data_resources=resource).select_related("node"),
            request,
            note=lambda page: page.node.display_name if page.node_id else "",
        ),
        _page_uses("solutions", _("解决方案"), live_solutions().filter(data_resources=resource), request),
        _page_uses(
            "needs",
            _("应用需求"),
            public(NeedPage.objects.live()).filter(data_resources=resource).select_related("node"),
            request,
            note=lambda page: page.get_status_display(),
        ),
    ]
    for contribute in data_resource_uses:
        for section in contribute(resource, request) or []:
            uses.append(
                Use(
                    section["key"],
                    section["label"],
                    section.get("count", len(section.get("items", []))),
                    list(section.get("items", [])),
                )
            )
    return uses


def resource_for_page(slug):
    queryset = DataResource.objects.select_related("node", "owner_unit").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.order_by("sort_order", "name"))
    )
    return get_object_or_404(queryset, slug=slug)


def resource_page_context(resource, request):
    """What /data/<slug>/ shows besides the resource's own fields."""
    user = request.user
    has_pending = (
        user.is_authenticated
        and OpenDataRequest.objects.filter(resource=resource, requester=user, status=OpenRequestStatus.PENDING).exists()
    )
    pending_count = OpenDataRequest.objects.filter(resource=resource, status=OpenRequestStatus.PENDING).count()
    uses = resource_uses(resource, request)
    findings = [summary for summary in (f(resource, request) for f in data_resource_findings) if summary]
    return {
        "findings": [item for summary in findings for item in summary.get("items", [])],
        "findings_total": sum(summary.get("count", len(summary.get("items", []))) for summary in findings),
        "resource": resource,
        "uses": uses,
        "uses_total": sum(use.count for use in uses),
        "answers": public_answers(resource),
        "pending_count": pending_count,
        "has_pending": has_pending,
        "can_ask": resource.openness != Openness.OPEN,
    }


def catalogue_figures():
    """The figures on top of the catalogue: the most-requested resources and the median time to
    answer an open-data request (working days)."""
    return open_data_figures()


def use_counts(resources):
    """{resource pk: {"scenes": n, "solutions": n, "needs": n}} of published uses, for a page of
    resources (the API): one grouped query per kind, whatever the number of resources."""
    pks = [resource.pk for resource in resources]
    counts = {pk: {"scenes": 0, "solutions": 0, "needs": 0} for pk in pks}
    kinds = {
        "scenes": live_scenes(),
        "solutions": live_solutions(),
        "needs": public(NeedPage.objects.live()),
    }
    for kind, pages in kinds.items():
        rows = (
            pages.filter(data_resources__in=pks)
            .order_by()
            .values_list("data_resources")
            .annotate(count=Count("pk", distinct=True))
        )
        for resource_pk, count in rows:
            counts[resource_pk][kind] = count
    return counts
