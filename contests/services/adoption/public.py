"""What the public sees of adoption (落地): only CONFIRMED milestones count.

* ``adoption_figures(...)``: confirmed pilots, go-lives, cities, beneficiaries and investment, for
  one set of milestones or grouped (per entry, per contest, per node…): one query either way. The
  impact dashboard reuses it.
* ``solution_adoption(page)`` / ``scene_adoption(page)``: the "落地情况" block of a promoted solution
  page and of the scene a deployment became (one query each, whatever the data).
* ``contest_adoption_rate(contest)``: 落地率, the share of winning entries (distinct entries with an
  active award in a round whose results are final) that have a confirmed go-live (two queries).

Beneficiaries and investment are the sums of the figures on confirmed milestones: each milestone
records its own deployment's figure (a city's go-live, a funding round), so they add up.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from contests.models import AdoptionMilestone, Entry, MilestoneKind, MilestoneStatus

PILOT_KINDS = (MilestoneKind.PILOT_AGREEMENT, MilestoneKind.PILOT)


@dataclass
class AdoptionFigures:
    pilots: int = 0  # confirmed pilot agreements and pilots
    go_lives: int = 0  # confirmed go-lives
    cities: int = 0  # distinct city nodes of confirmed milestones
    beneficiaries: int = 0
    investment_wan: Decimal = Decimal("0")
    milestones: int = 0  # confirmed milestones of any kind

    def __bool__(self):
        return self.milestones > 0


def confirmed_milestones():
    return AdoptionMilestone.objects.filter(status=MilestoneStatus.CONFIRMED)


_AGGREGATES = {
    "pilots": Count("pk", filter=Q(kind__in=PILOT_KINDS)),
    "go_lives": Count("pk", filter=Q(kind=MilestoneKind.GO_LIVE)),
    "cities": Count("node", distinct=True),
    "beneficiaries": Sum("beneficiaries"),
    "investment_wan": Sum("investment_wan"),
    "milestones": Count("pk"),
}


def _figures(row):
    return AdoptionFigures(
        pilots=row["pilots"] or 0,
        go_lives=row["go_lives"] or 0,
        cities=row["cities"] or 0,
        beneficiaries=row["beneficiaries"] or 0,
        investment_wan=row["investment_wan"] or Decimal("0"),
        milestones=row["milestones"] or 0,
    )


def adoption_figures(milestones=None, *, contest=None, entries=None, group_by=None):
    """The figures of the confirmed milestones among ``milestones`` (any AdoptionMilestone queryset;
    default all), narrowed to ``contest`` and/or ``entries`` (ids or a queryset).

    Without ``group_by`` one ``AdoptionFigures``; with it (a field path such as "entry",
    "entry__contest", "node", "entry__track") a dict {value: AdoptionFigures}. One query.
    """
    queryset = (milestones if milestones is not None else AdoptionMilestone.objects.all()).filter(
        status=MilestoneStatus.CONFIRMED
    )
    if contest is not None:
        queryset = queryset.filter(entry__contest=contest)
    if entries is not None:
        queryset = queryset.filter(entry__in=entries)
    if group_by is None:
        return _figures(queryset.aggregate(**_AGGREGATES))
    rows = queryset.order_by().values(group_by).annotate(**_AGGREGATES)
    return {row[group_by]: _figures(row) for row in rows}


def figures_of(milestones):
    """The same figures, counted in Python from already loaded confirmed milestones (no query)."""
    figures = AdoptionFigures()
    cities = set()
    for milestone in milestones:
        figures.milestones += 1
        figures.pilots += milestone.kind in PILOT_KINDS
        figures.go_lives += milestone.kind == MilestoneKind.GO_LIVE
        if milestone.node_id:
            cities.add(milestone.node_id)
        figures.beneficiaries += milestone.beneficiaries or 0
        figures.investment_wan += milestone.investment_wan or 0
    figures.cities = len(cities)
    return figures


@dataclass
class AdoptionBlock:
    figures: AdoptionFigures
    milestones: list = field(default_factory=list)


def _block(queryset):
    milestones = list(queryset.select_related("node", "unit", "entry__team").order_by("-happened_on", "-pk"))
    if not milestones:
        return None
    return AdoptionBlock(figures=figures_of(milestones), milestones=milestones)


def solution_adoption(page):
    """The confirmed milestones of the entries promoted into solution ``page``, or None."""
    if not page.pk:
        return None
    return _block(confirmed_milestones().filter(entry__promotion__solution_page_id=page.pk))


def scene_adoption(page):
    """The confirmed milestones that became scene ``page``, or None."""
    if not page.pk:
        return None
    return _block(confirmed_milestones().filter(scene_id=page.pk))


@dataclass
class AdoptionRate:
    winners: int
    adopted: int

    @property
    def percent(self):
        # One decimal, as the impact dashboard's 落地率 (contests.services.impact), so that the
        # contest page and /impact/ show the same figure (12.5%, not 12% here and 12.5% there).
        return round(100 * self.adopted / self.winners, 1) if self.winners else 0


def winning_entries(contest):
    """Distinct entries of ``contest`` with an active award in a round whose results are final."""
    from contests.services.outcomes.public_results import final_awards

    return Entry.objects.filter(pk__in=final_awards(contest).values("entry_id"))


def contest_adoption_rate(contest):
    """落地率 of the contest, or None while it has no final winners."""
    winners = winning_entries(contest)
    total = winners.count()
    if not total:
        return None
    adopted = (
        winners.filter(milestones__status=MilestoneStatus.CONFIRMED, milestones__kind=MilestoneKind.GO_LIVE)
        .distinct()
        .count()
    )
    return AdoptionRate(winners=total, adopted=adopted)
