"""The organiser's contest-level overview (大赛总览): judging progress per round and track, per judge,
overdue judges, entries whose judges disagree, and appeals waiting for review.

A fixed number of queries whatever the number of judges, entries or rounds: every figure comes from
one grouped aggregate, and the names are fetched once for all rows.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, F
from django.utils import timezone

from contests import models
from contests.services.judging.progress import Progress, progress_counts

# A judge is overdue when a round closes within this time (or has closed) and they are not done.
OVERDUE_WITHIN = timedelta(days=2)
# Flagged entries listed on the page (the per-round ranking filters all of them).
FLAGGED_SHOWN = 200


@dataclass
class TrackProgress:
    track: object
    progress: Progress


@dataclass
class JudgeProgress:
    judge: object
    round: object
    progress: Progress
    overdue: bool = False


@dataclass
class RoundOverview:
    round: object
    progress: Progress = field(default_factory=Progress)
    tracks: list = field(default_factory=list)
    judges: list = field(default_factory=list)
    closing_soon: bool = False
    flagged: int = 0

    @property
    def overdue_judges(self):
        return [row for row in self.judges if row.overdue]


@dataclass
class ContestOverview:
    contest: object
    now: object
    rounds: list
    flagged_results: list
    pending_appeals: list

    @property
    def overdue_judges(self):
        return [row for overview in self.rounds for row in overview.overdue_judges]

    @property
    def flagged_count(self):
        return sum(overview.flagged for overview in self.rounds)


def closes_soon(round_, now):
    """The round's judging closes within ``OVERDUE_WITHIN`` of ``now``, or has closed already."""
    return round_.closes_at <= now + OVERDUE_WITHIN


def contest_overview(contest, *, now=None):
    """Everything the 大赛总览 page shows for ``contest`` at ``now``."""
    now = now or timezone.now()
    rounds = list(models.Round.objects.filter(contest=contest).order_by("number", "pk"))
    tracks = list(models.Track.objects.filter(contest=contest).order_by("sort_order", "pk"))
    assignments = models.Assignment.objects.filter(round__contest=contest)
    by_track = progress_counts(assignments, "round_id", "entry__track_id")
    by_judge = progress_counts(assignments, "round_id", "judge_id")
    judge_ids = {judge_id for _round_id, judge_id in by_judge}
    judges = models.JudgeProfile.objects.in_bulk(judge_ids)
    flag_counts = dict(
        models.RoundResult.objects.filter(round__contest=contest, disagreement=True)
        .order_by()
        .values("round_id")
        .annotate(n=Count("pk"))
        .values_list("round_id", "n")
    )

    overviews = []
    for round_ in rounds:
        overview = RoundOverview(round_, closing_soon=closes_soon(round_, now), flagged=flag_counts.get(round_.pk, 0))
        for track in tracks:
            progress = by_track.get((round_.pk, track.pk), Progress())
            overview.tracks.append(TrackProgress(track, progress))
            overview.progress.add(progress)
        rows = [
            JudgeProgress(judges[judge_id], round_, progress, overdue=overview.closing_soon and progress.unfinished > 0)
            for (round_id, judge_id), progress in by_judge.items()
            if round_id == round_.pk
        ]
        # Least finished first (that is who the organiser chases), then by name for a stable order.
        rows.sort(key=lambda row: (-row.progress.unfinished, row.judge.name, row.judge.pk))
        overview.judges = rows
        overviews.append(overview)

    flagged_results = list(
        models.RoundResult.objects.filter(round__contest=contest, disagreement=True)
        .select_related("round", "track", "entry")
        .order_by("round__number", "track__sort_order", "track_id", F("rank").asc(nulls_last=True), "entry_id")[
            :FLAGGED_SHOWN
        ]
    )
    pending_appeals = list(
        models.Appeal.objects.filter(round__contest=contest, status=models.AppealStatus.PENDING)
        .select_related("round", "team", "entry")
        .order_by("filed_at", "pk")
    )
    return ContestOverview(contest, now, overviews, flagged_results, pending_appeals)
