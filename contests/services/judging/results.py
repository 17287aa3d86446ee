"""Round results: every aggregation, the ranking within each track, disagreement flags.

Definitions (the "why this score" page states them the same way):

* **judge total** — for one submitted score, Σ over *counted* criteria of value ÷ max score × weight;
  the counted weights sum to 100, so the total is on a 0–100 scale. Drafts never count.
* **mean** — the arithmetic mean of the entry's judge totals.
* **median** — the middle total (mean of the two middle ones for an even count).
* **trimmed mean** (去掉最高分和最低分) — with 5 or more totals, drop one highest and one lowest and
  average the rest; with fewer than 5 it is the plain mean (``trimmed`` is then False).
* **z-score (评委标准化)** — each judge's totals are standardised with that judge's own mean and
  population standard deviation over all entries they scored in the round, then mapped back to the
  score scale with the round's mean and standard deviation of all totals:
  ``x' = M + (x − m_j) / s_j × S``. A judge with s_j = 0 (every entry the same total, or only one
  entry) keeps raw totals. The entry's value is the mean of its x'.
* **total** — the sum of all judge totals (used in tie-breaks: more judges agreeing counts).
* **disagreement** — the population standard deviation of the totals is above the round's
  ``disagreement_threshold`` (with at least two totals); the range (max − min) is shown alongside.
* **consensus** — where the round has a consensus step, a recorded ``ConsensusScore`` replaces the
  aggregation value as the entry's ranking ``score``; the aggregation columns keep the originals.
* **ranking** — within each track by the round's ``aggregation`` value (or consensus), then by each key of the
  round's ``tie_break_chain`` in turn (``criteria`` compares the per-criterion means of the counted
  criteria in their order); values are compared rounded to 6 decimals. Entries still equal after
  the whole chain get consecutive ranks by blind code and ``tied = True``, so organisers see it.
  Entries without any submitted score have no rank. Per-criterion means (``criteria_means``) are
  stored for every scored entry: the tie-break compares them and the results sheet shows them.

Speed: judge totals are one aggregate SQL query (per-criterion means a second);
the rest is plain Python over tuples; results are written with one multi-row upsert.
"""

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.models.results import parse_tie_break_chain
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judging.aggregation import (
    aggregate,
    judge_scales,
    pstdev,
    rank_entries,
)
from contests.services.judging.bulk import adapt_datetime, adapt_json, insert_rows
from contests.services.judging.judges import blind_code
from contests.services.judging.scoring import criteria_of, weight_problem


def _tables():
    m = models
    return {
        "item": m.ScoreItem._meta.db_table,
        "score": m.Score._meta.db_table,
        "assignment": m.Assignment._meta.db_table,
        "criterion": m.Criterion._meta.db_table,
    }


def judge_totals(round_, *, judge_ids=None, entry_ids=None):
    """[(entry_id, judge_id, total)] of submitted scores of active assignments, one SQL query.

    The factor value ÷ max score × weight of each counted criterion is computed here and inlined as a
    CASE, which spares the database a join per score item (210,000 of them in a big round); the
    covering index on (score, criterion, value) lets it read the items without touching the table.
    """
    t = _tables()
    factors = {c.pk: c.weight / c.max_score for c in criteria_of(round_) if c.counted}
    if not factors:
        return []
    case = " ".join(f"WHEN {int(pk)} THEN {float(f)!r}" for pk, f in factors.items())
    sql = (
        f"SELECT a.entry_id, a.judge_id, SUM(CAST(si.value AS DOUBLE PRECISION) * (CASE si.criterion_id {case} END)) "  # noqa: S608
        f"FROM {t['assignment']} a JOIN {t['score']} s ON s.assignment_id = a.id "
        f"JOIN {t['item']} si ON si.score_id = s.id "
        f"WHERE a.round_id = %s AND a.state = %s AND s.status = %s "
        f"AND si.criterion_id IN ({', '.join(str(int(pk)) for pk in factors)})"
    )
    params = [round_.pk, "active", "submitted"]
    for column, ids in (("a.judge_id", judge_ids), ("a.entry_id", entry_ids)):
        if ids is not None:
            ids = list(ids) or [0]
            sql += f" AND {column} IN ({', '.join(['%s'] * len(ids))})"
            params += ids
    sql += " GROUP BY a.entry_id, a.judge_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def criterion_means(round_, criteria, entry_ids=None):
    """{entry_id: [mean of criterion 1, …]} over submitted scores, counted criteria in order."""
    t = _tables()
    position = {c.pk: i for i, c in enumerate(c for c in criteria if c.counted)}
    sql = (
        f"SELECT a.entry_id, si.criterion_id, AVG(CAST(si.value AS DOUBLE PRECISION)) "  # noqa: S608
        f"FROM {t['item']} si JOIN {t['score']} s ON s.id = si.score_id "
        f"JOIN {t['assignment']} a ON a.id = s.assignment_id "
        f"WHERE a.round_id = %s AND a.state = %s AND s.status = %s"
    )
    params = [round_.pk, "active", "submitted"]
    if entry_ids is not None:
        entry_ids = list(entry_ids) or [0]
        sql += f" AND a.entry_id IN ({', '.join(['%s'] * len(entry_ids))})"
        params += entry_ids
    sql += " GROUP BY a.entry_id, si.criterion_id"
    means = defaultdict(lambda: [None] * len(position))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for entry_id, criterion_id, value in cursor.fetchall():
            if criterion_id in position:
                means[entry_id][position[criterion_id]] = value
    return means


# The service ------------------------------------------------------------------------------------


@dataclass
class ResultsSummary:
    round_id: int
    method: str
    entries: int = 0
    scored: int = 0
    flagged: int = 0
    extra_assigned: int = 0
    round_mean: float | None = None
    round_std: float | None = None
    computed_at: str = ""
    shortfalls: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)

    def lines(self):
        lines = [
            _("已计算 %(entries)d 件作品的成绩，其中 %(scored)d 件有已提交评分，%(flagged)d 件评分分歧超过阈值。")
            % {"entries": self.entries, "scored": self.scored, "flagged": self.flagged}
        ]
        if self.extra_assigned:
            lines.append(_("已为分歧作品追加 %(count)d 名评委。") % {"count": self.extra_assigned})
        lines.extend(self.shortfalls)
        return lines


def round_entry_ids(round_):
    """Entries judged in the round: those in it now, and any with an active assignment in it."""
    from contests.services.judging.assignment import entries_for_round

    ids = set(entries_for_round(round_).values_list("pk", flat=True))
    ids.update(
        models.Assignment.objects.filter(round=round_, state=models.AssignmentState.ACTIVE)
        .order_by()
        .values_list("entry_id", flat=True)
        .distinct()
    )
    return ids


RESULT_COLUMNS = (
    "round_id", "entry_id", "track_id", "judges_assigned", "judges_scored", "mean", "median", "trimmed_mean",
    "trimmed", "zscore", "total", "std_dev", "score_range", "criteria_means", "score", "rank", "tied",
    "disagreement", "computed_at", "division_id",
)  # fmt: skip


def compute_round_results(round_, *, actor=None, now=None):
    """Recompute and store every RoundResult of the round; returns a ResultsSummary.

    In a divisional round (``round.divisional``) every division is computed on its own, exactly as
    ``compute_division_results`` does it, so recomputing one division later gives the same rows."""
    return _compute(round_, actor=actor, now=now)


def compute_division_results(round_, division, *, actor=None, now=None):
    """Recompute one division's results of a divisional round; other divisions' rows stay as they are."""
    if not round_.divisional:
        raise ContestError(_("本轮不是分赛区评审轮次，成绩由大赛组织者统一计算。"), code="not_divisional")
    if division.contest_id != round_.contest_id:
        raise ContestError(_("分赛区与评审轮次必须属于同一届大赛。"), code="wrong_contest")
    return _compute(round_, actor=actor, now=now, division=division)


def _group_rows(entries, totals, assigned, method, threshold):
    """Aggregate one ranking group (the round, or one division of a divisional round): the rows and
    the group's mean and standard deviation of all judge totals (the z-score's target scale)."""
    all_values = [row[2] for row in totals]
    group_mean = math.fsum(all_values) / len(all_values) if all_values else None
    group_std = pstdev(all_values, group_mean) if all_values else None
    # normalise() is linear in x for each judge: x' = slope × x + offset (slope 1, offset 0 for raw).
    linear = {
        judge_id: (1.0, 0.0)
        if scale.uses_raw
        else (group_std / scale.std, group_mean - scale.mean * group_std / scale.std)
        for judge_id, scale in judge_scales(totals).items()
    }
    totals_by_entry = {pk: [] for pk in entries}
    normalised_by_entry = defaultdict(list)
    for entry_id, judge_id, total in totals:
        totals_by_entry[entry_id].append(total)
        slope, offset = linear[judge_id]
        normalised_by_entry[entry_id].append(slope * total + offset)
    figures = aggregate(totals_by_entry, normalised_by_entry)
    rows = []
    for entry_id, (track_id, division_id) in entries.items():
        f = figures[entry_id]
        row = {
            "entry_id": entry_id, "track_id": track_id, "division_id": division_id,
            "judges_assigned": assigned.get(entry_id, 0), "judges_scored": len(f.totals),
            "mean": f.mean, "median": f.median, "trimmed_mean": f.trimmed_mean, "trimmed": f.trimmed,
            "zscore": f.zscore, "total": f.total, "std_dev": f.std_dev, "score_range": f.score_range,
            "criteria_means": [], "disagreement": len(f.totals) >= 2 and f.std_dev > threshold,
        }  # fmt: skip
        row["score"] = row[method]
        rows.append(row)
    return rows, all_values


def _compute(round_, *, actor=None, now=None, division=None):
    criteria = criteria_of(round_)
    problem = weight_problem(round_, criteria)
    if problem:
        raise ContestError(problem, code="rubric")
    now = now or timezone.now()
    method = round_.aggregation
    chain = [key for key in parse_tie_break_chain(round_.tie_break_chain) if key != method]
    threshold = float(round_.disagreement_threshold)

    entries_qs = models.Entry.objects.filter(pk__in=round_entry_ids(round_))
    if division is not None:
        entries_qs = entries_qs.filter(team__division=division)
    if round_.divisional:
        entries = {
            pk: (track_id, division_id)
            for pk, track_id, division_id in entries_qs.values_list("pk", "track_id", "team__division_id")
        }
    else:
        entries = {pk: (track_id, None) for pk, track_id in entries_qs.values_list("pk", "track_id")}
    assigned = dict(
        models.Assignment.objects.filter(round=round_, state=models.AssignmentState.ACTIVE)
        .order_by()
        .values("entry_id")
        .annotate(n=Count("pk"))
        .values_list("entry_id", "n")
    )

    scope = list(entries) if division is not None else None
    totals = [row for row in judge_totals(round_, entry_ids=scope) if row[0] in entries]
    # The ranking groups: the whole round, or each division of a divisional round on its own.
    groups = defaultdict(dict)
    for entry_id, (track_id, division_id) in entries.items():
        groups[division_id][entry_id] = (track_id, division_id)
    totals_by_group = defaultdict(list)
    for row in totals:
        totals_by_group[entries[row[0]][1]].append(row)
    rows, all_values = [], []
    for division_id, group in groups.items():
        group_rows, values = _group_rows(group, totals_by_group[division_id], assigned, method, threshold)
        rows.extend(group_rows)
        all_values.extend(values)
    round_mean = math.fsum(all_values) / len(all_values) if all_values else None
    round_std = pstdev(all_values, round_mean) if all_values else None
    # Every scored entry gets its per-criterion means: the results sheet and the ranking page show
    # them for all entries, not only for those the ``criteria`` tie-break had to look at.
    if any(row["judges_scored"] for row in rows):
        means = criterion_means(round_, criteria, entry_ids=scope)
        for row in rows:
            if row["judges_scored"] and row["entry_id"] in means:
                row["criteria_means"] = means[row["entry_id"]]
    # The consensus step (contests.services.judging.consensus): a recorded consensus score is the
    # entry's ranking score; the aggregate of the judges' originals stays in its own column.
    consensus = {}
    if round_.consensus_required:
        consensus = dict(models.ConsensusScore.objects.filter(round=round_).values_list("entry_id", "value"))
    for row in rows:
        agreed = consensus.get(row["entry_id"])
        row["ranking"] = float(agreed) if agreed is not None and row[method] is not None else row[method]
        row["score"] = row["ranking"]
    rows_by_group = defaultdict(list)
    for row in rows:
        rows_by_group[(row["division_id"], row["track_id"])].append(row)
    uuids = {}

    def code_of(row):
        # Blind codes only for entries still level after the whole chain (rare), fetched then.
        if not uuids:
            uuids.update(models.Entry.objects.filter(pk__in=list(entries)).values_list("pk", "uuid"))
        return blind_code(uuids[row["entry_id"]])

    for group_rows in rows_by_group.values():
        # Two equal consensus scores are told apart by the originals first.
        rank_entries(group_rows, "ranking", [method, *chain] if consensus else chain, code_of=code_of)

    computed_at = adapt_datetime(now)
    no_means = adapt_json([])
    values = [
        (
            round_.pk, r["entry_id"], r["track_id"], r["judges_assigned"], r["judges_scored"], r["mean"], r["median"],
            r["trimmed_mean"], r["trimmed"], r["zscore"], r["total"], r["std_dev"], r["score_range"],
            adapt_json(r["criteria_means"]) if r["criteria_means"] else no_means, r["score"], r["rank"], r["tied"],
            r["disagreement"], computed_at, r["division_id"],
        )
        for r in rows
    ]  # fmt: skip
    flagged = [row["entry_id"] for row in rows if row["disagreement"]]
    summary = ResultsSummary(
        round_id=round_.pk, method=method, entries=len(rows), scored=sum(1 for r in rows if r["judges_scored"]),
        flagged=len(flagged), round_mean=round_mean, round_std=round_std, computed_at=now.isoformat(),
    )  # fmt: skip
    with transaction.atomic():
        existing = models.RoundResult.objects.filter(round=round_)
        if division is not None:
            # Rows of this division, also those of entries that have since left it.
            existing = existing.filter(Q(division=division) | Q(entry__team__division=division))
        stale = set(existing.values_list("entry_id", flat=True)) - set(entries)
        if stale:
            models.RoundResult.objects.filter(round=round_, entry_id__in=stale).delete()
        insert_rows(
            models.RoundResult, RESULT_COLUMNS, values,
            conflict=("round_id", "entry_id"), update=[c for c in RESULT_COLUMNS if c not in ("round_id", "entry_id")],
        )  # fmt: skip
        after = {k: v for k, v in summary.as_dict().items() if k != "shortfalls"}
        if division is not None:
            after["division"] = division.pk
        record("judging.results_computed", round_, actor=actor, contest=round_.contest, after=after)
    if flagged and round_.extra_judge_on_disagreement:
        from contests.services.judging.assignment import add_extra_judges

        report = add_extra_judges(round_, flagged, actor=actor)
        if report is not None:
            summary.extra_assigned = report.created
            summary.shortfalls = [str(s) for s in report.shortfalls]
    return summary
