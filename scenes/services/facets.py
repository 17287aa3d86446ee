"""Faceted filtering with counts, in a fixed number of queries whatever the size of the catalogue.

The counts come from the catalogue's FacetIndex (scenes.services.facet_index): bit operations over
an index built with one query per facet and cached until the showcase content changes. The page of
results is still selected in SQL (``apply_facets``), with the same meaning.

A facet reads repeated query parameters (``?node=jinan&node=qingdao``): values within one facet are
alternatives (OR), facets combine with AND. The counts of one facet are computed over the catalogue
filtered by every *other* active facet, so they say how many results a click would give.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from scenes.dates import DateYear, in_years
from scenes.names import name_for_slug


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str  # the current query with this option toggled


@dataclass(frozen=True)
class Through:
    """The link table of a many-to-many facet (scene ↔ domain, scene ↔ tag), read on its own.

    Filtering uses a small pk subquery of it, so the main query never joins a multi-valued relation
    (no duplicate rows, no DISTINCT); the facet index reads its rows without the page tables (rows
    of pages outside the catalogue are dropped there).
    """

    model: type
    pk_field: str  # the listed page's column, e.g. "scenepage_id"
    related: str  # the other side, e.g. "domain"

    def matching(self, slugs):
        return self.model.objects.filter(**{f"{self.related}__slug__in": slugs}).values(self.pk_field)

    def rows(self, order):
        """(page pk, slug, name) of every link, ordered by the related object's ``order``, then slug."""
        related = self.related
        return self.model.objects.values_list(self.pk_field, f"{related}__slug", f"{related}__name").order_by(
            f"{related}__{order}", f"{related}__slug", self.pk_field
        )


@dataclass
class Facet:
    """How one facet filters a queryset and counts its options.

    ``value_field``/``label_field`` are lookups from the listed model (``node__slug``);
    many-to-many facets also name their link table (``through``).
    """

    key: str
    label: str
    value_field: str
    label_field: str
    order_field: str | None = None
    through: Through | None = None  # for many-to-many facets
    choices: dict = field(default_factory=dict)  # value -> label, for facets over a choices field
    is_year: bool = False
    boolean: bool = False  # a flag: the only option "1" means True
    limit: int | None = None  # show at most this many options (the most frequent, plus the selected)
    named_by: type | None = None  # a taxonomy model with English names (Node, Domain), keyed by slug

    def clean(self, raw_values):
        values = [v.strip() for v in raw_values if v and v.strip()]
        if self.is_year:
            values = [v for v in values if v.isdigit() and len(v) == 4]
        elif self.choices:
            values = [v for v in values if v in self.choices]
        # Keep order, drop repeats, cap the list: a URL cannot make the query arbitrarily large.
        return list(dict.fromkeys(values))[:30]

    def q(self, values):
        if self.boolean:
            return Q(**{self.value_field: True})
        if self.is_year:
            return in_years(self.value_field, [int(v) for v in values])
        if self.through is not None:
            return Q(pk__in=self.through.matching(values))
        return Q(**{f"{self.value_field}__in": values})

    def option_label(self, value, stored_label):
        # Choice labels and taxonomy names are translated when shown, so one index serves every language.
        if self.choices:
            return str(self.choices[value])
        if self.named_by is not None:
            return name_for_slug(self.named_by, value, stored_label)
        return stored_label

    def index_rows(self, queryset):
        """One query: (pk, value, label) of every row's options, in the order options are shown —
        choices as declared, years newest first, the rest by ``order_field`` or label."""
        present = queryset.exclude(**{f"{self.value_field}__isnull": True})
        if self.boolean:
            return [(pk, "1", "") for pk in queryset.filter(**{self.value_field: True}).values_list("pk", flat=True)]
        if self.is_year:
            rows = present.annotate(facet_year=DateYear(self.value_field)).values_list("pk", "facet_year")
            return [(pk, str(year), str(year)) for pk, year in rows.order_by("-facet_year", "pk")]
        if self.choices:
            rank = {value: position for position, value in enumerate(self.choices)}
            rows = [(pk, value, "") for pk, value in present.values_list("pk", self.value_field) if value in rank]
            return sorted(rows, key=lambda row: rank[row[1]])
        order = self.order_field or self.label_field
        if self.through is not None:
            return list(self.through.rows(order.rsplit("__", 1)[-1]))
        rows = present.values_list("pk", self.value_field, self.label_field).order_by(order, self.value_field, "pk")
        return list(rows)


def facets_q(facets, selected, *, skip=None):
    """The condition of every active facet (but ``skip``), combined with AND."""
    condition = Q()
    for facet in facets:
        values = selected.get(facet.key)
        if values and facet.key != skip:
            condition &= facet.q(values)
    return condition


def apply_facets(queryset, facets, selected, *, skip=None):
    condition = facets_q(facets, selected, skip=skip)
    return queryset.filter(condition) if condition else queryset


def selection_masks(index, facets, selected):
    """{facet key: bitmask of the rows having any selected option} for the active facets."""
    return {facet.key: index.selection(facet.key, selected[facet.key]) for facet in facets if selected.get(facet.key)}


def facet_counts(index, facets, selected, masks, toggle_url, universe):
    """The facets with their options: in-use options only, counted against the other facets.

    ``index`` is the catalogue's FacetIndex, ``masks`` its ``selection_masks``; ``universe`` the
    bitmask of the rows before any facet (after search and any fixed landing filter). An option
    stays listed while selected, even at zero, so that it can be switched off.
    """
    result = []
    for facet in facets:
        others = universe
        for key, mask in masks.items():
            if key != facet.key:
                others &= mask
        chosen = selected.get(facet.key, [])
        options = []
        for option in index.options.get(facet.key, ()):
            count = (option.bits & others).bit_count()
            if count or option.value in chosen:
                label = facet.option_label(option.value, option.label)
                url = toggle_url(facet.key, option.value)
                options.append(FacetOption(option.value, label, count, option.value in chosen, url))
        if facet.limit and len(options) > facet.limit:
            ranked = sorted(options, key=lambda option: (not option.selected, -option.count))
            kept = {option.value for option in ranked[: max(facet.limit, len(chosen))]}
            options = [option for option in options if option.value in kept]
        result.append((facet, options))
    return result


def filtered_mask(masks, universe):
    """The rows of ``universe`` that pass every active facet: what ``apply_facets`` selects in SQL."""
    for mask in masks.values():
        universe &= mask
    return universe
