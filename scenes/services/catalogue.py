"""The scene and solution catalogues behind /scenes/ and /solutions/: what is visible, how the query
string filters, searches, sorts and pages it. Views and exports both start here, so a list, its
landing pages and its export can never disagree."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from cms.search import filter_by_search
from scenes.choices import SCENE_SORTS, SOLUTION_SORTS, RecognitionLevel
from scenes.models import Domain, Node, Provider, ScenePage, SceneTag, SolutionPage, SolutionTag
from scenes.services.facets import Facet, apply_facets, facet_counts

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
    scenes = ScenePage.objects.live().public()
    return scenes.child_of(index) if index is not None else scenes


def live_solutions(index=None):
    solutions = SolutionPage.objects.live().public()
    return solutions.child_of(index) if index is not None else solutions


def _through(model, pk_field, lookup):
    return lambda values: model.objects.filter(**{f"{lookup}__in": values}).values(pk_field)


SCENE_FACETS = [
    Facet("node", _("城市/节点"), "node__slug", "node__name", order_field="node__sort_order"),
    Facet(
        "domain",
        _("应用领域"),
        "domains__slug",
        "domains__name",
        order_field="domains__sort_order",
        through_filter=_through(ScenePage.domains.through, "scenepage_id", "domain__slug"),
    ),
    Facet(
        "resource",
        _("数据资源"),
        "data_resources__slug",
        "data_resources__name",
        through_filter=_through(ScenePage.data_resources.through, "scenepage_id", "dataresource__slug"),
    ),
    Facet(
        "tag",
        _("标签"),
        "tagged_items__tag__slug",
        "tagged_items__tag__name",
        through_filter=_through(SceneTag, "content_object_id", "tag__slug"),
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
        through_filter=_through(SolutionPage.domains.through, "solutionpage_id", "domain__slug"),
    ),
    Facet(
        "resource",
        _("数据资源"),
        "data_resources__slug",
        "data_resources__name",
        through_filter=_through(SolutionPage.data_resources.through, "solutionpage_id", "dataresource__slug"),
    ),
    Facet(
        "tag",
        _("标签"),
        "tagged_items__tag__slug",
        "tagged_items__tag__name",
        through_filter=_through(SolutionTag, "content_object_id", "tag__slug"),
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
    extra: dict = field(default_factory=dict)


class QueryString:
    """Builds links that change one thing in the current query string and always drop ``page``."""

    def __init__(self, params: QueryDict, keys):
        self.params = {key: params.getlist(key) for key in keys if params.getlist(key)}

    def _encode(self, params):
        qd = QueryDict(mutable=True)
        for key, values in params.items():
            if values:
                qd.setlist(key, values)
        encoded = qd.urlencode()
        return f"?{encoded}" if encoded else "?"

    def toggle(self, key, value):
        params = {k: list(v) for k, v in self.params.items()}
        values = params.setdefault(key, [])
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return self._encode(params)

    def without(self, key, value=None):
        params = {k: list(v) for k, v in self.params.items()}
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [v for v in params.get(key, []) if v != value]
        return self._encode(params)

    def replace(self, key, value):
        params = {k: list(v) for k, v in self.params.items()}
        params[key] = [value]
        return self._encode(params)

    def encoded(self):
        return self._encode(self.params)[1:]


def _landing_for(kind, slug):
    """A landing page pre-filters one facet by a taxonomy object: (facet key, object, title)."""
    if kind == "node":
        node = Node.objects.filter(slug=slug).first()
        if node is None:
            raise Http404("unknown node")
        return "node", node, _("%(name)s 应用场景") % {"name": node.name}
    if kind == "domain":
        domain = Domain.objects.filter(slug=slug).first()
        if domain is None:
            raise Http404("unknown domain")
        return "domain", domain, _("%(name)s 应用场景") % {"name": domain.name}
    if kind == "provider":
        provider = Provider.objects.filter(slug=slug).first()
        if provider is None:
            raise Http404("unknown provider")
        return "provider", provider, _("%(name)s 的解决方案") % {"name": provider.name}
    raise Http404("unknown landing")


def _order(queryset, sorts, sort):
    fields = []
    for name in sorts[sort][1]:
        descending = name.startswith("-")
        expression = F(name.lstrip("-"))
        fields.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
    return queryset.order_by(*fields)


def build_listing(request, *, base, facets, sorts, search, title, landing=None, per_page=PER_PAGE, decorate=None):
    params = request.GET
    landing_key = None
    if landing is not None:
        landing_key, landing_object, title = _landing_for(*landing)
        facet = next(f for f in facets if f.key == landing_key)
        base = base.filter(facet.q([landing_object.slug]))
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
        # The full-text match runs once; the facet counts, the count and the page reuse its ids
        # instead of repeating the search as a subquery in each of their queries.
        universe = base.filter(pk__in=list(universe.values_list("pk", flat=True)))
    facet_list = facet_counts(universe, facets, selected, querystring.toggle)
    filtered = _order(apply_facets(universe, facets, selected), sorts, sort)

    active = []
    if query:
        active.append(ActiveFilter(_("关键词"), query, querystring.without("q")))
    for facet, options in facet_list:
        labels = {option.value: option.label for option in options}
        for value in selected.get(facet.key, []):
            active.append(ActiveFilter(facet.label, labels.get(value, value), querystring.without(facet.key, value)))

    paginator = Paginator(decorate(filtered) if decorate else filtered, per_page)
    page_obj = paginator.get_page(params.get("page"))
    page_range = list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))
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
    )


def with_card_data(queryset):
    """What a scene card shows, fetched in a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions()
    return queryset.select_related("node").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.order_by("sort_order", "name")),
        Prefetch("cover_image", queryset=images),
    )


def with_solution_card_data(queryset):
    images = get_image_model().objects.prefetch_renditions()
    return queryset.select_related("provider").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.order_by("sort_order", "name")),
        Prefetch("cover_image", queryset=images),
    )


def scene_listing(request, index, landing=None):
    return build_listing(
        request,
        base=live_scenes(index),
        facets=SCENE_FACETS,
        sorts=SCENE_SORTS,
        search=search_scenes,
        title=index.title,
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
        title=index.title,
        landing=landing,
        decorate=with_solution_card_data,
    )
