"""What the public sees of adoption (落地): only CONFIRMED milestones count.

* ``adoption_figures(...)``: confirmed pilots, go-lives, cities, beneficiaries and investment, for
  one set of milestones or grouped (per entry, per contest, per node…): one query either way. The
  impact dashboard reuses it.
* ``solution_adoption(page)`` / ``scene_adoption(page)``: the "落地情况" block of a promoted solution
  page and of the scene a deployment became (one query each, whatever the data).
* ``contest_adoption_rate(contest)``: 落地率, the share of winning entries (distinct entries with an
  active award in a round whose results are final) that have a confirmed go-live (two queries).

Figures are counted per (winning entry, city) pair exactly as /impact/ counts them (see ``_fold``),
so the figures a solution page shows and the dashboard's never disagree.
"""

from dataclasses import dataclass, field
from decimal import Decimal

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


def _fold(rows):
    """Figures from (entry id, node id, kind, beneficiaries, investment) of confirmed milestones.

    Counted per (winning entry, city) pair, as the impact dashboard counts them
    (``contests/services/impact.py``), so a solution page and /impact/ never disagree: a pair is a
    pilot or a go-live once however many milestones say so; its beneficiaries are the largest figure
    reported (a later figure restates the scale, it does not add to it); investment adds up (each
    milestone is money received).
    """
    figures, pairs = AdoptionFigures(), {}
    for entry_id, node_id, kind, beneficiaries, investment in rows:
        pair = pairs.setdefault((entry_id, node_id), {"pilot": False, "live": False, "people": 0})
        pair["pilot"] |= kind in PILOT_KINDS
        pair["live"] |= kind == MilestoneKind.GO_LIVE
        pair["people"] = max(pair["people"], beneficiaries or 0)
        figures.investment_wan += investment or 0
        figures.milestones += 1
    figures.pilots = sum(pair["pilot"] for pair in pairs.values())
    figures.go_lives = sum(pair["live"] for pair in pairs.values())
    figures.cities = len({node_id for _, node_id in pairs if node_id})
    figures.beneficiaries = sum(pair["people"] for pair in pairs.values())
    return figures


FOLDED = ("entry_id", "node_id", "kind", "beneficiaries", "investment_wan")


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
        return _fold(queryset.order_by().values_list(*FOLDED))
    groups = {}
    for key, *row in queryset.order_by().values_list(group_by, *FOLDED):
        groups.setdefault(key, []).append(row)
    return {key: _fold(rows) for key, rows in groups.items()}


def figures_of(milestones):
    """The same figures, counted in Python from already loaded confirmed milestones (no query)."""
    return _fold((m.entry_id, m.node_id, m.kind, m.beneficiaries, m.investment_wan) for m in milestones)


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
