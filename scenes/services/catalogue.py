"""The scene and solution catalogues behind /scenes/ and /solutions/: what is visible, how the query
string filters, searches, sorts and pages it. Views and exports both start here, so a list, its
landing pages and its export can never disagree."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cms.models.english import localized_title
from cms.search import filter_by_search
from cms.site_cache import public
from scenes.choices import SCENE_SORTS, SOLUTION_SORTS, RecognitionLevel
from scenes.models import (
    Domain,
    Node,
    Provider,
    SceneIndexPage,
    ScenePage,
    SceneTag,
    SolutionIndexPage,
    SolutionPage,
    SolutionTag,
)
from scenes.models.taxonomy import localized_name
from scenes.ordering import nulls_last
from scenes.prefetch import with_cover_image
from scenes.services.did_you_mean import listing_did_you_mean
from scenes.services.facet_index import IndexedResults, catalogue_index
from scenes.services.facets import Facet, Through, apply_facets, facet_counts, filtered_mask, selection_masks
from scenes.services.querystring import QueryString

PER_PAGE = 12
MAX_QUERY_LENGTH = 100


def search_scenes(queryset, q):
    """Narrow ``queryset`` to the scenes matching the full-text query ``q`` (Chinese segmentation
    comes from the site's search layer; this is the one place to switch it)."""
    return filter_by_search(queryset, q)


def search_solutions(queryset, q):
    return filter_by_search(queryset, q)


def live_scenes(index=None):
    """Scenes anyone may see: live and not behind a view restriction (never drafts)."""
    scenes = public(ScenePage.objects.live())
    return scenes.child_of(index) if index is not None else scenes


def live_solutions(index=None):
    solutions = public(SolutionPage.objects.live())
    return solutions.child_of(index) if index is not None else solutions


SCENE_FACETS = [
    Facet("node", _("城市/节点"), "node__slug", "node__name", order_field="node__sort_order", named_by=Node),
    Facet(
        "domain",
        _("应用领域"),
        "domains__slug",
        "domains__name",
        order_field="domains__sort_order",
        named_by=Domain,
        through=Through(ScenePage.domains.through, "scenepage_id", "domain"),
    ),
    Facet(
        "resource",
        _("数据资源"),
        "data_resources__slug",
        "data_resources__name",
        through=Through(ScenePage.data_resources.through, "scenepage_id", "dataresource"),
    ),
    Facet(
        "tag",
        _("标签"),
        "tagged_items__tag__slug",
        "tagged_items__tag__name",
        through=Through(SceneTag, "content_object_id", "tag"),
        limit=20,
    ),
    Facet("level", _("认定级别"), "level", "level", choices=dict(RecognitionLevel.choices)),
    Facet("year", _("上线年份"), "launch_date", "launch_date", is_year=True),
]

SOLUTION_FACETS = [
    Facet("provider", _("提供单位"), "provider__slug", "provider__name"),
    Facet(
        "domain",
        _("应用领域"),
        "domains__slug",
        "domains__name",
        order_field="domains__sort_order",
        named_by=Domain,
        through=Through(SolutionPage.domains.through, "solutionpage_id", "domain"),
    ),
    Facet(
        "resource",
        _("数据资源"),
        "data_resources__slug",
        "data_resources__name",
        through=Through(SolutionPage.data_resources.through, "solutionpage_id", "dataresource"),
    ),
    Facet(
        "tag",
        _("标签"),
        "tagged_items__tag__slug",
        "tagged_items__tag__name",
        through=Through(SolutionTag, "content_object_id", "tag"),
        limit=20,
    ),
    Facet("excellent", _("方案类型"), "is_excellent", "is_excellent", choices={"1": _("优秀解决方案")}, boolean=True),
]


@dataclass
class ActiveFilter:
    label: str  # facet name
    value_label: str
    remove_url: str


@dataclass
class Listing:
    title: str
    query: str
    sort: str
    sort_options: list
    facets: list
    active_filters: list
    page_obj: object
    page_range: list
    queryset: object  # the whole filtered, sorted catalogue (for exports)
    total: int
    clear_url: str
    landing: object = None
    query_without_page: str = ""
    did_you_mean: list = field(default_factory=list)  # [Suggestion] when the query found nothing


# Landing pages pre-filter one facet by a taxonomy object: facet key -> (model, title pattern).
LANDINGS = {
    "node": (Node, _("%(name)s 应用场景")),
    "domain": (Domain, _("%(name)s 应用场景")),
    "provider": (Provider, _("%(name)s 的解决方案")),
}


def _landing_for(kind, slug):
    model, title = LANDINGS[kind]
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        raise Http404(f"unknown {kind}")
    return kind, obj, title % {"name": localized_name(obj)}


def _order(queryset, sorts, sort):
    return queryset.order_by(*nulls_last(*sorts[sort][1]))


def build_listing(
    request,
    *,
    base,
    facets,
    sorts,
    search,
    title,
    index_name,
    landing=None,
    per_page=PER_PAGE,
    decorate=None,
    index=catalogue_index,
    suggest=True,
    index_key=None,
):
    """The listing of ``base`` (a catalogue: every facet, no landing filter) for this request.
    ``index_name`` names the catalogue's facet index in the cache (unique per model and index page);
    ``index(name, base, facets, sorts)`` gives that index (the cached one by default);
    ``suggest`` offers “你是不是要找…” from the rows' titles when a query finds nothing (pages only);
    ``index_key`` keys the cached facet index under a version of the catalogue's own (see catalogue_index)."""
    params = request.GET
    catalogue = base
    facet_index = index(index_name, base, facets, sorts, **({"key": index_key} if index_key else {}))
    universe_mask = facet_index.everything
    landing_key = None
    if landing is not None:
        landing_key, landing_object, title = _landing_for(*landing)
        facet = next(f for f in facets if f.key == landing_key)
        base = base.filter(facet.q([landing_object.slug]))
        universe_mask &= facet_index.option_bits(landing_key, landing_object.slug)
        facets = [f for f in facets if f.key != landing_key]

    query = params.get("q", "").strip()[:MAX_QUERY_LENGTH]
    sort = params.get("sort", "")
    if sort not in sorts:
        sort = next(iter(sorts))
    selected = {facet.key: facet.clean(params.getlist(facet.key)) for facet in facets}
    selected = {key: values for key, values in selected.items() if values}

    qs_keys = ["q", "sort", *[f.key for f in facets]]
    querystring = QueryString(params, qs_keys)
    universe = search(base, query)
    if query:
        # The full-text match runs once here: the facet counts, the count and the page are read
        # from the index under its mask. ``universe`` stays the lazy search for the export's
        # queryset alone — a filter on this list would prepare each of its ids (thousands at
        # 20,000 scenes) on every request, exported or not.
        universe_mask &= facet_index.mask(universe.values_list("pk", flat=True))
    masks = selection_masks(facet_index, facets, selected)
    facet_list = facet_counts(facet_index, facets, selected, masks, querystring.toggle, universe_mask)
    filtered = _order(apply_facets(universe, facets, selected), sorts, sort)
    # The page itself: the index picks its rows, the database fetches them (and checks them again).
    results = IndexedResults(
        facet_index,
        sort,
        filtered_mask(masks, universe_mask),
        lambda pks: (decorate(base) if decorate else base).filter(pk__in=pks),
    )

    active = []
    if query:
        active.append(ActiveFilter(_("关键词"), query, querystring.without("q")))
    for facet, options in facet_list:
        labels = {option.value: option.label for option in options}
        for value in selected.get(facet.key, []):
            active.append(ActiveFilter(facet.label, labels.get(value, value), querystring.without(facet.key, value)))

    paginator = Paginator(results, per_page)
    page_obj = paginator.get_page(params.get("page"))
    page_range = list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))
    did_you_mean = []
    if suggest and query and not paginator.count:
        did_you_mean = listing_did_you_mean(
            query, catalogue=catalogue, listed=base, facet_index=facet_index, facets=facets, index_name=index_name
        )
    return Listing(
        title=title,
        query=query,
        sort=sort,
        sort_options=[
            (key, label, querystring.replace("sort", key), key == sort) for key, (label, _f) in sorts.items()
        ],
        facets=facet_list,
        active_filters=active,
        page_obj=page_obj,
        page_range=page_range,
        queryset=filtered,
        total=paginator.count,
        clear_url="?",
        landing=landing_object if landing else None,
        query_without_page=querystring.encoded(),
        did_you_mean=did_you_mean,
    )


def scene_index_name(index):
    """The name of a scene catalogue's facet index in the cache."""
    return f"scenes:{index.pk}"


def solution_index_name(index):
    return f"solutions:{index.pk}"


def _with_domains_and_cover(queryset):
    domains = Prefetch("domains", queryset=Domain.objects.order_by("sort_order", "name"))
    return with_cover_image(queryset.prefetch_related(domains))


def with_card_data(queryset):
    """What a scene card shows, fetched in a fixed number of queries."""
    return _with_domains_and_cover(queryset.select_related("node"))


def with_solution_card_data(queryset):
    return _with_domains_and_cover(queryset.select_related("provider"))


def scene_listing(request, index, landing=None):
    return build_listing(
        request,
        base=live_scenes(index),
        facets=SCENE_FACETS,
        sorts=SCENE_SORTS,
        search=search_scenes,
        title=localized_title(index),
        index_name=scene_index_name(index),
        landing=landing,
        decorate=with_card_data,
    )


def solution_listing(request, index, landing=None):
    return build_listing(
        request,
        base=live_solutions(index),
        facets=SOLUTION_FACETS,
        sorts=SOLUTION_SORTS,
        search=search_solutions,
        title=localized_title(index),
        index_name=solution_index_name(index),
        landing=landing,
        decorate=with_solution_card_data,
    )


def warm_catalogue_indexes():
    """Build (or find cached) the facet index of every live scene and solution catalogue; returns how
    many catalogues there are. Uses the same names and querysets as the listings above."""
    count = 0
    for index in SceneIndexPage.objects.live():
        catalogue_index(scene_index_name(index), live_scenes(index), SCENE_FACETS, SCENE_SORTS)
        count += 1
    for index in SolutionIndexPage.objects.live():
        catalogue_index(solution_index_name(index), live_solutions(index), SOLUTION_FACETS, SOLUTION_SORTS)
        count += 1
    return count
