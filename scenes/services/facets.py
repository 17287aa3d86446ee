"""Faceted filtering with counts, in a fixed number of queries whatever the size of the catalogue.

A facet reads repeated query parameters (``?node=jinan&node=qingdao``): values within one facet are
alternatives (OR), facets combine with AND. The counts of one facet are computed over the catalogue
filtered by every *other* active facet, so they say how many results a click would give.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str  # the current query with this option toggled


@dataclass
class Facet:
    """How one facet filters a queryset and counts its options.

    ``value_field``/``label_field`` are lookups from the listed model (``node__slug``); for
    many-to-many relations ``filter_subquery`` builds a pk subquery so the main query never joins a
    multi-valued relation (no duplicate rows, no DISTINCT).
    """

    key: str
    label: str
    value_field: str
    label_field: str
    order_field: str | None = None
    through_filter: object = None  # callable(values) -> queryset of matching pks, for M2M facets
    choices: dict = field(default_factory=dict)  # value -> label, for facets over a choices field
    is_year: bool = False
    boolean: bool = False  # a flag: the only option "1" means True
    limit: int | None = None  # show at most this many options (the most frequent, plus the selected)

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
            return Q(**{f"{self.value_field}__year__in": [int(v) for v in values]})
        if self.through_filter is not None:
            return Q(pk__in=self.through_filter(values))
        return Q(**{f"{self.value_field}__in": values})

    def count_rows(self, universe, others, chosen=()):
        """One query: (value, label, count) for the options of ``universe`` rows matching ``others``
        (the other facets' condition) or this facet's ``chosen`` values, counted under ``others``.

        The condition is applied inline (a join or a small pk subquery per facet), never as a
        subquery of the whole filtered catalogue, and a selected option that the other filters
        leave empty still comes back, at zero, so that it can be switched off.
        """
        if not others:  # no other facet active: every option of the catalogue, plainly counted
            return self._rows(universe, Count("pk", distinct=True))
        rows = universe.filter(others | self.q(chosen)) if chosen else universe.filter(others)
        return self._rows(rows, Count("pk", distinct=True, filter=others))

    def _rows(self, queryset, counter):
        if self.is_year:
            rows = (
                queryset.exclude(**{f"{self.value_field}__isnull": True})
                .annotate(facet_year=ExtractYear(self.value_field))
                .values("facet_year")
                .annotate(n=counter)
                .order_by("-facet_year")
            )
            return [(str(r["facet_year"]), str(r["facet_year"]), r["n"]) for r in rows]
        fields = [self.value_field] if self.choices else [self.value_field, self.label_field]
        order = [self.order_field or self.label_field] if not self.choices else []
        rows = (
            queryset.exclude(**{f"{self.value_field}__isnull": True})
            .values(*fields, *order)
            .annotate(n=counter)
            .order_by(*order, self.value_field)
        )
        if self.choices:
            by_value = {("1" if r[self.value_field] is True else r[self.value_field]): r["n"] for r in rows}
            # Choices keep their declared order (listed → typical → national).
            return [(v, str(label), by_value[v]) for v, label in self.choices.items() if v in by_value]
        return [(r[self.value_field], r[self.label_field], r["n"]) for r in rows]


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


def facet_counts(universe, facets, selected, toggle_url):
    """The facets with their options: in-use options only, counted against the other facets.

    ``universe`` is the catalogue before any facet (but after search and any fixed landing filter).
    An option stays listed while selected, even at zero, so that it can be switched off.
    """
    result = []
    for facet in facets:
        others = facets_q(facets, selected, skip=facet.key)
        chosen = selected.get(facet.key, [])
        options = [
            FacetOption(value, label, count, value in chosen, toggle_url(facet.key, value))
            for value, label, count in facet.count_rows(universe, others, chosen)
            if count or value in chosen
        ]
        if facet.limit and len(options) > facet.limit:
            ranked = sorted(options, key=lambda option: (not option.selected, -option.count))
            kept = {option.value for option in ranked[: max(facet.limit, len(chosen))]}
            options = [option for option in options if option.value in kept]
        result.append((facet, options))
    return result
