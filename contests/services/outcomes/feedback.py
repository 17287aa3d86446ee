"""Feedback to teams: after a round's results are published, a team sees its own score breakdown.

What a team sees (only when the contest allows it, ``Contest.feedback_to_teams``):

* per judge, anonymised as 评委 A, B, C … — letters follow the assignment id (the order in which
  judges were assigned), never names, so the letters reveal nothing about who judged; only active
  assignments with a *submitted* score count, the same scores the ranking used;
* each judge's value per criterion, weighted total and comment, and the entry's mean per criterion;
* its rank band (前 10% / 前 30% / 前 50% / 前 50% 以外), not the exact rank: the band is what the
  notice needs and it keeps teams near each other from reading exact positions off each other;
* the track's average score and per-criterion averages — only when the track has at least
  ``MIN_ENTRIES_FOR_AVERAGE`` ranked entries: with two, the average and one's own score would give
  away the other team's score.

Never another team's scores: every query below is for this entry, or an aggregate over the track.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count
from django.utils.translation import gettext_lazy

from contests.services.judging.judges import judge_label
from contests.services.judging.scoring import criteria_of, weighted_total

MIN_ENTRIES_FOR_AVERAGE = 3

# (upper bound of rank ÷ ranked entries, label); the first band the entry falls in is shown.
RANK_BANDS = [
    (Decimal("0.10"), gettext_lazy("前 10%")),
    (Decimal("0.30"), gettext_lazy("前 30%")),
    (Decimal("0.50"), gettext_lazy("前 50%")),
]
OTHER_BAND = gettext_lazy("前 50% 以外")


def rank_band(rank, ranked):
    if not rank or not ranked:
        return None
    share = Decimal(rank) / Decimal(ranked)
    for bound, label in RANK_BANDS:
        if share <= bound:
            return str(label)
    return str(OTHER_BAND)


@dataclass
class JudgeFeedback:
    label: str  # 评委 A
    values: list  # per criterion (all criteria, in order): Decimal or None
    total: Decimal | None
    comment: str


@dataclass
class CriterionLine:
    criterion: object
    values: list  # per judge, in the order of ``TeamFeedback.judges``
    own_mean: float | None
    track_mean: float | None


@dataclass
class TeamFeedback:
    entry: object
    round: object
    publication: object
    shown: bool  # False when the contest does not give feedback: nothing else is filled in
    criteria: list = field(default_factory=list)
    judges: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # CriterionLine per criterion
    score: float | None = None
    band: str | None = None
    track_average: float | None = None
    track_entries: int = 0
    # With the round's consensus step: the consensus score that ranked the entry, and the judges'
    # original aggregate beside it (the score is then the consensus).
    consensus: Decimal | None = None
    original: float | None = None

    @property
    def has_scores(self):
        return bool(self.judges)


def published_round(entry, round_id):
    """The entry's contest's round ``round_id`` with its publication, or None when there is no such
    round or its results are not published yet."""
    from contests.models import Round

    round_ = Round.objects.filter(contest_id=entry.contest_id, pk=round_id).select_related("publication").first()
    if round_ is None or getattr(round_, "publication", None) is None:
        return None
    return round_


def team_feedback(entry, round_):
    """The team's own breakdown of ``entry`` in ``round_``; None before the results are published."""
    from contests.models import Assignment, AssignmentState, RoundResult, ScoreItem, ScoreStatus

    publication = getattr(round_, "publication", None)
    if publication is None:
        return None
    contest = entry.contest
    if not contest.feedback_to_teams:
        return TeamFeedback(entry=entry, round=round_, publication=publication, shown=False)

    criteria = criteria_of(round_)
    assignments = list(
        Assignment.objects.filter(
            round=round_, entry=entry, state=AssignmentState.ACTIVE, score__status=ScoreStatus.SUBMITTED
        )
        .select_related("score")
        .order_by("pk")
    )
    values = {}
    for score_id, criterion_id, value in ScoreItem.objects.filter(
        score__assignment__in=[a.pk for a in assignments]
    ).values_list("score_id", "criterion_id", "value"):
        values.setdefault(score_id, {})[criterion_id] = value
    judges = []
    for index, assignment in enumerate(assignments):
        own = values.get(assignment.score.pk, {})
        judges.append(
            JudgeFeedback(
                label=judge_label(index),
                values=[own.get(c.pk) for c in criteria],
                total=weighted_total(own, criteria),
                comment=assignment.score.comment,
            )
        )

    feedback = TeamFeedback(entry=entry, round=round_, publication=publication, shown=True, criteria=criteria)
    feedback.judges = judges
    result = RoundResult.objects.filter(round=round_, entry=entry).first()
    track_id = result.track_id if result else entry.track_id
    track = RoundResult.objects.filter(round=round_, track_id=track_id, rank__isnull=False).aggregate(
        ranked=Count("pk"), average=Avg("score")
    )
    feedback.track_entries = track["ranked"]
    if result is not None:
        feedback.score = result.score
        feedback.band = rank_band(result.rank, track["ranked"])
        if round_.consensus_required:
            from contests.models import ConsensusScore

            consensus = ConsensusScore.objects.filter(round=round_, entry=entry).first()
            if consensus is not None:
                feedback.consensus = consensus.value
                feedback.original = getattr(result, round_.aggregation, None)

    track_means = {}
    if track["ranked"] >= MIN_ENTRIES_FOR_AVERAGE:
        feedback.track_average = track["average"]
        track_means = dict(
            ScoreItem.objects.filter(
                score__status=ScoreStatus.SUBMITTED,
                score__assignment__round=round_,
                score__assignment__state=AssignmentState.ACTIVE,
                score__assignment__entry__in=RoundResult.objects.filter(
                    round=round_, track_id=track_id, rank__isnull=False
                ).values("entry_id"),
            )
            .values("criterion_id")
            .annotate(mean=Avg("value"))
            .order_by()
            .values_list("criterion_id", "mean")
        )
    for position, criterion in enumerate(criteria):
        given = [j.values[position] for j in judges if j.values[position] is not None]
        own_mean = float(sum(given) / len(given)) if given else None
        track_mean = track_means.get(criterion.pk)
        feedback.lines.append(
            CriterionLine(
                criterion=criterion,
                values=[j.values[position] for j in judges],
                own_mean=own_mean,
                track_mean=float(track_mean) if track_mean is not None else None,
            )
        )
    return feedback
