"""Read-only explanations of results for organisers: one entry's "why this score", and per-judge
leniency and agreement with the panel. Both recompute from the scores with the same functions as
``contests.services.judging.results``, so what they show is what the ranking used."""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass

from contests import models
from contests.services.judging.aggregation import TRIM_MIN_JUDGES, aggregate, judge_scales, normalise
from contests.services.judging.results import judge_totals
from contests.services.judging.scoring import criteria_of


def _round_scale(totals):
    values = [t for _e, _j, t in totals]
    if not values:
        return None, None
    return math.fsum(values) / len(values), statistics.pstdev(values)


@dataclass
class JudgeLine:
    assignment: object
    judge: object
    state: str
    status: str
    values: list  # per criterion (all criteria, in order), Decimal or None
    total: float | None
    judge_mean: float | None = None
    judge_std: float | None = None
    uses_raw: bool = False
    normalised: float | None = None
    dropped: str = ""  # "high" / "low" when the trimmed mean left it out


def explain_entry(round_, entry):
    """Everything the "why this score" page shows for one entry."""
    criteria = criteria_of(round_)
    totals = judge_totals(round_)
    round_mean, round_std = _round_scale(totals)
    scales = judge_scales(totals)
    own = {judge_id: total for entry_id, judge_id, total in totals if entry_id == entry.pk}

    assignments = list(
        models.Assignment.objects.filter(round=round_, entry=entry)
        .select_related("judge__user")
        .order_by("state", "judge__name", "pk")
    )
    scores = {s.assignment_id: s for s in models.Score.objects.filter(assignment__in=assignments)}
    items = defaultdict(dict)
    for score_id, criterion_id, value in models.ScoreItem.objects.filter(score__in=scores.values()).values_list(
        "score_id", "criterion_id", "value"
    ):
        items[score_id][criterion_id] = value

    lines = []
    for assignment in assignments:
        score = scores.get(assignment.pk)
        counted = assignment.state == models.AssignmentState.ACTIVE and assignment.judge_id in own
        line = JudgeLine(
            assignment=assignment,
            judge=assignment.judge,
            state=assignment.get_state_display(),
            status=score.get_status_display() if score else "",
            values=[items[score.pk].get(c.pk) if score else None for c in criteria],
            total=own.get(assignment.judge_id) if counted else None,
        )
        if counted:
            scale = scales[assignment.judge_id]
            line.judge_mean, line.judge_std, line.uses_raw = scale.mean, scale.std, scale.uses_raw
            line.normalised = normalise(line.total, scale, round_mean, round_std)
        lines.append(line)

    counted_lines = [line for line in lines if line.total is not None]
    if len(counted_lines) >= TRIM_MIN_JUDGES:
        ordered = sorted(counted_lines, key=lambda line: line.total)
        ordered[0].dropped, ordered[-1].dropped = "low", "high"
    values = [line.total for line in counted_lines]
    figures = aggregate({entry.pk: values}, {entry.pk: [line.normalised for line in counted_lines]})[entry.pk]
    stored = models.RoundResult.objects.filter(round=round_, entry=entry).first()
    return {
        "criteria": criteria,
        "lines": lines,
        "figures": figures,
        "round_mean": round_mean,
        "round_std": round_std,
        "result": stored,
        "threshold": float(round_.disagreement_threshold),
        "trim_min": TRIM_MIN_JUDGES,
    }


@dataclass
class JudgeStats:
    judge: object
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0
    mean: float | None = None
    std: float | None = None
    panel_mean: float | None = None
    leniency: float | None = None
    correlation: float | None = None
    compared: int = 0


def judge_report(round_):
    """JudgeStats for every judge with an active assignment in the round, by name.

    Leniency is the judge's mean total minus the mean of the *other* judges' totals on the same
    entries (positive: more generous than the panel). Agreement is the Pearson correlation between
    the judge's totals and the others' mean, over entries with at least one other total; it needs
    three such entries and some spread on both sides, otherwise it is shown as "—".
    """
    totals = judge_totals(round_)
    by_entry = defaultdict(dict)
    for entry_id, judge_id, total in totals:
        by_entry[entry_id][judge_id] = total

    stats = {}
    rows = models.Assignment.objects.filter(round=round_, state=models.AssignmentState.ACTIVE).values_list(
        "judge_id", "score__status"
    )
    for judge_id, status in rows:
        s = stats.setdefault(judge_id, JudgeStats(judge=None))
        s.assigned += 1
        if status == models.ScoreStatus.SUBMITTED:
            s.submitted += 1
        elif status == models.ScoreStatus.DRAFT:
            s.drafts += 1
    for judge in models.JudgeProfile.objects.filter(pk__in=stats):
        stats[judge.pk].judge = judge

    own_values = defaultdict(list)
    pairs = defaultdict(list)
    for judges in by_entry.values():
        for judge_id, total in judges.items():
            own_values[judge_id].append(total)
            others = [t for j, t in judges.items() if j != judge_id]
            if others:
                pairs[judge_id].append((total, math.fsum(others) / len(others)))
    for judge_id, s in stats.items():
        values = own_values.get(judge_id)
        if values:
            s.mean = math.fsum(values) / len(values)
            s.std = statistics.pstdev(values)
        compared = pairs.get(judge_id, [])
        s.compared = len(compared)
        if compared:
            mine = [a for a, _b in compared]
            panel = [b for _a, b in compared]
            s.panel_mean = math.fsum(panel) / len(panel)
            s.leniency = math.fsum(mine) / len(mine) - s.panel_mean
            if len(compared) >= 3 and statistics.pstdev(mine) > 0 and statistics.pstdev(panel) > 0:
                s.correlation = statistics.correlation(mine, panel)
    return sorted(stats.values(), key=lambda s: (s.judge.name if s.judge else "", s.judge.pk if s.judge else 0))
