"""Each expert's judging record across contests (专家履历): contests and rounds judged, assignments,
on-time submissions, deviation from the panel, agreement with co-judges, declined invitations.

``records_for(experts)`` computes it for a page of experts in a fixed number of queries, whatever
the number of experts, rounds or scores:

* assignments and their score status — one query;
* declined invitations — one query;
* judge totals of every round they judged — one query for the criteria and one aggregate SQL over
  all those rounds (the same total as ``contests.services.judging.results.judge_totals``: Σ counted
  criteria value ÷ max × weight).

Definitions: **on time** — submitted scores whose ``submitted_at`` is before the round closed, of the
active assignments in closed rounds or already submitted. **Deviation (z)** — the mean over the
expert's scored entries of (own total − mean of the co-judges' totals) ÷ the round's standard
deviation of all totals: the z-score bias (positive: more generous than the panel). **Agreement**
— the mean absolute difference, in points of 100, between the expert's total and the co-judges'
mean on the same entry (smaller agrees more).
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from contests import models
from contests.services.judging.aggregation import pstdev


@dataclass
class ExpertRecord:
    contests: set = field(default_factory=set)
    rounds: set = field(default_factory=set)
    assignments: int = 0
    due: int = 0
    on_time: int = 0
    declines: int = 0
    deviation: float | None = None
    agreement: float | None = None
    compared: int = 0
    history: list = field(default_factory=list)  # [(round, assignments, submitted)] for the expert's own page

    @property
    def on_time_percent(self):
        return round(100 * self.on_time / self.due) if self.due else None


def _totals(round_ids):
    """[(round_id, entry_id, judge_id, total)] of submitted scores of active assignments."""
    factors = {
        pk: weight / max_score
        for pk, weight, max_score in models.Criterion.objects.filter(round_id__in=round_ids, counted=True).values_list(
            "pk", "weight", "max_score"
        )
        if max_score
    }
    if not factors:
        return []
    case = " ".join(f"WHEN {int(pk)} THEN {float(f)!r}" for pk, f in factors.items())
    a, s, i = models.Assignment._meta.db_table, models.Score._meta.db_table, models.ScoreItem._meta.db_table
    sql = (
        # Only integers from the database are inlined (ids and weights); the statuses are parameters.
        "SELECT a.round_id, a.entry_id, a.judge_id, "  # noqa: S608
        f"SUM(CAST(si.value AS DOUBLE PRECISION) * (CASE si.criterion_id {case} END)) "
        f"FROM {a} a JOIN {s} s ON s.assignment_id = a.id JOIN {i} si ON si.score_id = s.id "
        f"WHERE a.state = %s AND s.status = %s AND a.round_id IN ({', '.join(str(int(r)) for r in round_ids)}) "
        f"AND si.criterion_id IN ({', '.join(str(int(pk)) for pk in factors)}) "
        f"GROUP BY a.round_id, a.entry_id, a.judge_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ["active", "submitted"])
        return cursor.fetchall()


def _panel_figures(records, judge_expert, round_ids):
    by_round_entry = defaultdict(dict)
    by_round = defaultdict(list)
    for round_id, entry_id, judge_id, total in _totals(round_ids):
        by_round_entry[(round_id, entry_id)][judge_id] = total
        by_round[round_id].append(total)
    spread = {r: pstdev(values) for r, values in by_round.items()}
    deviations, differences = defaultdict(list), defaultdict(list)
    for (round_id, _entry_id), judges in by_round_entry.items():
        for judge_id, total in judges.items():
            expert_id = judge_expert.get(judge_id)
            others = [t for j, t in judges.items() if j != judge_id]
            if expert_id is None or not others:
                continue
            panel = math.fsum(others) / len(others)
            differences[expert_id].append(abs(total - panel))
            if spread[round_id] > 0:
                deviations[expert_id].append((total - panel) / spread[round_id])
    for expert_id, record in records.items():
        if values := deviations.get(expert_id):
            record.deviation = math.fsum(values) / len(values)
        if values := differences.get(expert_id):
            record.agreement = math.fsum(values) / len(values)
            record.compared = len(values)


def records_for(experts, *, with_history=False, now=None):
    """{expert_id: ExpertRecord} for ``experts`` (a list or queryset)."""
    now = now or timezone.now()
    ids = [e.pk for e in experts]
    records = {pk: ExpertRecord() for pk in ids}
    if not ids:
        return records
    rows = models.Assignment.objects.filter(judge__expert_id__in=ids, state=models.AssignmentState.ACTIVE).values_list(
        "judge__expert_id", "judge_id", "round_id", "round__contest_id", "round__closes_at",
        "score__status", "score__submitted_at",
    )  # fmt: skip
    judge_expert, per_round = {}, defaultdict(lambda: [0, 0])
    for expert_id, judge_id, round_id, contest_id, closes_at, status, submitted_at in rows:
        record = records[expert_id]
        judge_expert[judge_id] = expert_id
        record.contests.add(contest_id)
        record.rounds.add(round_id)
        record.assignments += 1
        submitted = status == models.ScoreStatus.SUBMITTED
        if submitted or closes_at <= now:
            record.due += 1
            if submitted and submitted_at and submitted_at <= closes_at:
                record.on_time += 1
        counts = per_round[(expert_id, round_id)]
        counts[0] += 1
        counts[1] += submitted
    declines = models.JudgeInvitation.objects.filter(judge__expert_id__in=ids, declined_at__isnull=False).values_list(
        "judge__expert_id", flat=True
    )
    for expert_id in declines:
        records[expert_id].declines += 1
    round_ids = sorted({r for (_e, r) in per_round})
    if round_ids:
        _panel_figures(records, judge_expert, round_ids)
    if with_history and round_ids:
        rounds = {r.pk: r for r in models.Round.objects.filter(pk__in=round_ids).select_related("contest")}
        for (expert_id, round_id), (assigned, submitted) in sorted(
            per_round.items(), key=lambda item: (-rounds[item[0][1]].contest.year, rounds[item[0][1]].number)
        ):
            records[expert_id].history.append((rounds[round_id], assigned, submitted))
    return records


def attach_records(experts, **kwargs):
    """Set ``expert.record`` on each of ``experts`` (a list); returns the list."""
    experts = list(experts)
    records = records_for(experts, **kwargs)
    for expert in experts:
        expert.record = records[expert.pk]
    return experts
