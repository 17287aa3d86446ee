"""Faceted filtering with counts, in a fixed number of queries whatever the size of the catalogue.

The counts come from the catalogue's FacetIndex (scenes.services.facet_index): bit operations over
an index built with one query per facet and cached until the showcase content changes. The page of
results is still selected in SQL (``apply_facets``), with the same meaning.

A facet reads repeated query parameters (``?node=jinan&node=qingdao``): values within one facet are
alternatives (OR), facets combine with AND. The counts of one facet are computed over the catalogue
filtered by every *other* active facet, so they say how many results a click would give.
"""

from dataclasses import dataclass, field

from django.db.models import F, Q, Window
from django.db.models.functions import DenseRank

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

    def links(self):
        """(page pk, related pk) of every link: two integer columns of the link table alone."""
        return self.model.objects.values_list(self.pk_field, self.model._meta.get_field(self.related).attname)

    def options(self, order):
        """(pk, slug, name) of every related object, ordered by its ``order``, then slug."""
        related = self.model._meta.get_field(self.related).related_model
        return related.objects.order_by(order, "slug").values_list("pk", "slug", "name")


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

    def index_columns(self, name):
        """What the facet index's one catalogue query selects for this facet (not a many-to-many
        one), as ``{alias: expression}``: the row's value, and for taxonomy facets its label and the
        value's place in display order (by ``order_field`` or label, then value) — ranked in SQL,
        so that labels sort by the database's collation as before."""
        if self.is_year:
            return {f"{name}_value": DateYear(self.value_field)}
        if self.boolean or self.choices:
            return {f"{name}_value": F(self.value_field)}
        order = self.order_field or self.label_field
        return {
            f"{name}_value": F(self.value_field),
            f"{name}_label": F(self.label_field),
            f"{name}_rank": Window(DenseRank(), order_by=[F(order).asc(), F(self.value_field).asc()]),
        }

    def index_options(self, rows):
        """The options of ``rows`` — (position, value, label, rank), value never None — in display
        order, as [(value, label, [positions])]: choices as declared, years newest first, the rest
        by rank."""
        groups = {}
        for position, value, label, rank in rows:
            group = groups.get(value)
            if group is None:
                group = groups[value] = (rank, label, [])
            group[2].append(position)
        if self.boolean:
            return [("1", "", groups[True][2])] if True in groups else []
        if self.is_year:
            return [(str(year), str(year), groups[year][2]) for year in sorted(groups, reverse=True)]
        if self.choices:
            return [(value, "", groups[value][2]) for value in self.choices if value in groups]
        ordered = sorted(groups.items(), key=lambda item: item[1][0])
        return [(str(value), label, positions) for value, (_rank, label, positions) in ordered]


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
