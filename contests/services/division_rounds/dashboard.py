"""The province's view of every division (全省分赛区总览): one row per division with its teams,
entries, judges, the divisional round's assignment and scoring progress, whether its results are
computed, and how many entries it advanced against its quota.

Every figure is one grouped query over all divisions, so the page costs the same at 3 divisions
as at 16.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, Sum

from contests import models
from contests.choices import EntryStatus

SUBMITTED_STATUSES = [s for s in EntryStatus.values if s != EntryStatus.DRAFT]


@dataclass
class DivisionRow:
    division: object
    teams: int = 0
    submitted: int = 0
    eligible: int = 0
    judges: int = 0
    assigned: int = 0  # active assignments in the divisional round
    scored: int = 0  # of them with a submitted score
    results: int = 0
    computed_at: object = None
    quota: int = 0
    advanced: int | None = None  # None until the division confirmed its advancement
    managers: list = field(default_factory=list)

    @property
    def percent(self):
        return round(100 * self.scored / self.assigned) if self.assigned else 0


@dataclass
class ProvinceDashboard:
    contest: object
    round: object  # the divisional round (the first one marked divisional), or None
    rows: list

    @property
    def totals(self):
        names = ("teams", "submitted", "eligible", "judges", "assigned", "scored", "results", "quota")
        totals = {name: sum(getattr(row, name) for row in self.rows) for name in names}
        totals["advanced"] = sum(row.advanced or 0 for row in self.rows)
        return totals


def divisional_round(contest):
    return contest.rounds.filter(divisional=True).order_by("number").first()


def _counts(queryset, key, **annotations):
    return {row[key]: row for row in queryset.order_by().values(key).annotate(**annotations)}


def province_dashboard(contest):
    divisions = list(models.Division.objects.filter(contest=contest).prefetch_related("managers"))
    round_ = divisional_round(contest)
    teams = _counts(models.Team.objects.filter(contest=contest), "division", n=Count("pk"))
    entries = _counts(
        models.Entry.objects.filter(contest=contest),
        "team__division",
        submitted=Count("pk", filter=Q(status__in=SUBMITTED_STATUSES)),
        eligible=Count("pk", filter=Q(status__in=[EntryStatus.ELIGIBLE, EntryStatus.ADVANCED, EntryStatus.AWARDED])),
    )
    judges = _counts(
        models.JudgeProfile.objects.filter(contest=contest, status=models.JudgeStatus.ACTIVE), "division", n=Count("pk")
    )
    track_quotas = dict(
        models.DivisionTrackQuota.objects.filter(division__contest=contest)
        .order_by()
        .values("division")
        .annotate(n=Sum("quota"))
        .values_list("division", "n")
    )
    assignments, results, advanced = {}, {}, {}
    if round_ is not None:
        assignments = _counts(
            models.Assignment.objects.filter(round=round_, state=models.AssignmentState.ACTIVE),
            "entry__team__division",
            n=Count("pk"),
            scored=Count("pk", filter=Q(score__status=models.ScoreStatus.SUBMITTED)),
        )
        results = _counts(
            models.RoundResult.objects.filter(round=round_), "division", n=Count("pk"), at=Max("computed_at")
        )
        advanced = defaultdict(int)
        for division_id, ids in models.DivisionAdvancement.objects.filter(round=round_).values_list(
            "division_id", "advanced_entry_ids"
        ):
            advanced[division_id] = len(ids)
    rows = []
    for division in divisions:
        pk = division.pk
        row = DivisionRow(
            division=division,
            teams=teams.get(pk, {}).get("n", 0),
            submitted=entries.get(pk, {}).get("submitted", 0),
            eligible=entries.get(pk, {}).get("eligible", 0),
            judges=judges.get(pk, {}).get("n", 0),
            assigned=assignments.get(pk, {}).get("n", 0),
            scored=assignments.get(pk, {}).get("scored", 0),
            results=results.get(pk, {}).get("n", 0),
            computed_at=results.get(pk, {}).get("at"),
            quota=track_quotas.get(pk, division.quota),
            advanced=advanced.get(pk) if pk in advanced else None,
            managers=list(division.managers.all()),
        )
        rows.append(row)
    return ProvinceDashboard(contest=contest, round=round_, rows=rows)


@dataclass(frozen=True)
class ScoringProgress:
    """A division's scoring in one round, before its results are computed: active assignments, how
    many have a submitted score, and the entries without any submitted score (left unranked)."""

    assigned: int
    submitted: int
    entries: int
    unscored_entries: int

    @property
    def missing(self):
        return self.assigned - self.submitted


def division_scoring_progress(round_, division):
    """Three queries whatever the division's size."""
    from contests.services.judging.assignment import entries_for_round

    active = models.Assignment.objects.filter(
        round=round_, state=models.AssignmentState.ACTIVE, entry__team__division=division
    )
    submitted = Q(score__status=models.ScoreStatus.SUBMITTED)
    totals = active.aggregate(n=Count("pk"), done=Count("pk", filter=submitted))
    entries = entries_for_round(round_).filter(team__division=division)
    scored_ids = active.filter(submitted).values("entry_id")
    return ScoringProgress(
        assigned=totals["n"],
        submitted=totals["done"],
        entries=entries.count(),
        unscored_entries=entries.exclude(pk__in=scored_ids).count(),
    )
