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
* **ranking** — within each track by the round's ``aggregation`` value, then by each key of the
  round's ``tie_break_chain`` in turn (``criteria`` compares the per-criterion means of the counted
  criteria in their order); values are compared rounded to 6 decimals. Entries still equal after
  the whole chain get consecutive ranks by blind code and ``tied = True``, so organisers see it.
  Entries without any submitted score have no rank.

Speed: judge totals (and per-criterion means) are each one aggregate SQL query; the rest is plain
Python over tuples; results are written with one bulk upsert.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models.results import TieBreak, parse_tie_break_chain
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judges import blind_code
from contests.services.scoring import criteria_of, weight_problem

TRIM_MIN_JUDGES = 5
PRECISION = 6


def _models():
    from contests import models

    return models


def _tables():
    m = _models()
    return {
        "item": m.ScoreItem._meta.db_table,
        "score": m.Score._meta.db_table,
        "assignment": m.Assignment._meta.db_table,
        "criterion": m.Criterion._meta.db_table,
    }


def judge_totals(round_, *, judge_ids=None, entry_ids=None):
    """[(entry_id, judge_id, total)] of submitted scores of active assignments, one SQL query."""
    t = _tables()
    sql = (
        f"SELECT a.entry_id, a.judge_id, SUM(CAST(si.value AS DOUBLE PRECISION) * c.weight / c.max_score) "  # noqa: S608
        f"FROM {t['item']} si JOIN {t['score']} s ON s.id = si.score_id "
        f"JOIN {t['assignment']} a ON a.id = s.assignment_id JOIN {t['criterion']} c ON c.id = si.criterion_id "
        f"WHERE a.round_id = %s AND a.state = %s AND s.status = %s AND c.counted = %s"
    )
    params = [round_.pk, "active", "submitted", True]
    for column, ids in (("a.judge_id", judge_ids), ("a.entry_id", entry_ids)):
        if ids is not None:
            ids = list(ids) or [0]
            sql += f" AND {column} IN ({', '.join(['%s'] * len(ids))})"
            params += ids
    sql += " GROUP BY a.entry_id, a.judge_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def criterion_means(round_, criteria):
    """{entry_id: [mean of criterion 1, …]} over submitted scores, counted criteria in order."""
    t = _tables()
    position = {c.pk: i for i, c in enumerate(c for c in criteria if c.counted)}
    sql = (
        f"SELECT a.entry_id, si.criterion_id, AVG(CAST(si.value AS DOUBLE PRECISION)) "  # noqa: S608
        f"FROM {t['item']} si JOIN {t['score']} s ON s.id = si.score_id "
        f"JOIN {t['assignment']} a ON a.id = s.assignment_id "
        f"WHERE a.round_id = %s AND a.state = %s AND s.status = %s GROUP BY a.entry_id, si.criterion_id"
    )
    means = defaultdict(lambda: [None] * len(position))
    with connection.cursor() as cursor:
        cursor.execute(sql, [round_.pk, "active", "submitted"])
        for entry_id, criterion_id, value in cursor.fetchall():
            if criterion_id in position:
                means[entry_id][position[criterion_id]] = value
    return means


# Pure aggregation -------------------------------------------------------------------------------


def trimmed_mean(values):
    """(value, trimmed?) — drop one highest and one lowest with ≥ 5 values, else the plain mean."""
    if len(values) >= TRIM_MIN_JUDGES:
        ordered = sorted(values)
        return math.fsum(ordered[1:-1]) / (len(ordered) - 2), True
    return math.fsum(values) / len(values), False


@dataclass
class JudgeScale:
    mean: float
    std: float
    count: int

    @property
    def uses_raw(self):
        return self.count < 2 or self.std == 0


def judge_scales(totals):
    """{judge_id: JudgeScale} from [(entry_id, judge_id, total)]."""
    by_judge = defaultdict(list)
    for _entry_id, judge_id, total in totals:
        by_judge[judge_id].append(total)
    return {j: JudgeScale(math.fsum(v) / len(v), statistics.pstdev(v), len(v)) for j, v in by_judge.items()}


def normalise(total, scale, round_mean, round_std):
    """x' = M + (x − m_j) / s_j × S; raw x when the judge's spread is zero (see module docstring)."""
    if scale.uses_raw:
        return total
    return round_mean + (total - scale.mean) / scale.std * round_std


@dataclass
class EntryFigures:
    totals: list
    mean: float | None = None
    median: float | None = None
    trimmed_mean: float | None = None
    trimmed: bool = False
    zscore: float | None = None
    total: float | None = None
    std_dev: float | None = None
    score_range: float | None = None


def aggregate(totals_by_entry, normalised_by_entry):
    """{entry_id: EntryFigures} from {entry_id: [totals]} and {entry_id: [normalised totals]}."""
    figures = {}
    for entry_id, values in totals_by_entry.items():
        if not values:
            figures[entry_id] = EntryFigures(totals=[])
            continue
        trimmed, did_trim = trimmed_mean(values)
        normalised = normalised_by_entry[entry_id]
        figures[entry_id] = EntryFigures(
            totals=values,
            mean=math.fsum(values) / len(values),
            median=statistics.median(values),
            trimmed_mean=trimmed,
            trimmed=did_trim,
            zscore=math.fsum(normalised) / len(normalised),
            total=math.fsum(values),
            std_dev=statistics.pstdev(values),
            score_range=max(values) - min(values),
        )
    return figures


def _key_value(value):
    return -math.inf if value is None else round(value, PRECISION)


def rank_entries(rows, method, chain):
    """Rank rows (dicts with the method/chain values, ``criteria_means`` and ``code``) in place.

    Sets ``rank`` (1…n among rows with a value, None otherwise) and ``tied``.
    """

    def key(row):
        parts = [_key_value(row[method])]
        for name in chain:
            if name == TieBreak.CRITERIA:
                parts.extend(_key_value(v) for v in row["criteria_means"])
            else:
                parts.append(_key_value(row[name]))
        return tuple(parts)

    ranked = [row for row in rows if row[method] is not None]
    for row in rows:
        row["rank"], row["tied"] = None, False
    keyed = sorted(((key(row), row) for row in ranked), key=lambda item: (tuple(-p for p in item[0]), item[1]["code"]))
    for position, (row_key, row) in enumerate(keyed, start=1):
        row["rank"] = position
        if position > 1 and keyed[position - 2][0] == row_key:
            row["tied"] = keyed[position - 2][1]["tied"] = True
    return rows


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
    from contests.services.assignment import entries_for_round

    models = _models()
    ids = set(entries_for_round(round_).values_list("pk", flat=True))
    ids |= set(
        models.Assignment.objects.filter(round=round_, state=models.AssignmentState.ACTIVE).values_list(
            "entry_id", flat=True
        )
    )
    return ids


def compute_round_results(round_, *, actor=None, now=None):
    """Recompute and store every RoundResult of the round; returns a ResultsSummary."""
    models = _models()
    criteria = criteria_of(round_)
    problem = weight_problem(round_, criteria)
    if problem:
        raise ContestError(problem, code="rubric")
    now = now or timezone.now()
    method = round_.aggregation
    chain = [key for key in parse_tie_break_chain(round_.tie_break_chain) if key != method]
    threshold = float(round_.disagreement_threshold)

    entry_ids = round_entry_ids(round_)
    entries = {
        pk: (track_id, uuid)
        for pk, track_id, uuid in models.Entry.objects.filter(pk__in=entry_ids).values_list("pk", "track_id", "uuid")
    }
    assigned = defaultdict(int)
    for entry_id in models.Assignment.objects.filter(round=round_, state=models.AssignmentState.ACTIVE).values_list(
        "entry_id", flat=True
    ):
        assigned[entry_id] += 1

    totals = [row for row in judge_totals(round_) if row[0] in entries]
    all_values = [row[2] for row in totals]
    round_mean = math.fsum(all_values) / len(all_values) if all_values else None
    round_std = statistics.pstdev(all_values) if all_values else None
    scales = judge_scales(totals)
    totals_by_entry = {pk: [] for pk in entries}
    normalised_by_entry = defaultdict(list)
    for entry_id, judge_id, total in totals:
        totals_by_entry[entry_id].append(total)
        normalised_by_entry[entry_id].append(normalise(total, scales[judge_id], round_mean, round_std))
    figures = aggregate(totals_by_entry, normalised_by_entry)
    means = criterion_means(round_, criteria) if totals else {}
    empty_means = [None] * sum(1 for c in criteria if c.counted)

    rows_by_track = defaultdict(list)
    for entry_id, (track_id, uuid) in entries.items():
        f = figures[entry_id]
        row = {
            "entry_id": entry_id, "track_id": track_id, "code": blind_code(uuid),
            "judges_assigned": assigned[entry_id], "judges_scored": len(f.totals),
            "mean": f.mean, "median": f.median, "trimmed_mean": f.trimmed_mean, "trimmed": f.trimmed,
            "zscore": f.zscore, "total": f.total, "std_dev": f.std_dev, "score_range": f.score_range,
            "criteria_means": means.get(entry_id, empty_means),
            "disagreement": len(f.totals) >= 2 and f.std_dev > threshold,
        }  # fmt: skip
        row["score"] = row[method]
        rows_by_track[track_id].append(row)
    for rows in rows_by_track.values():
        rank_entries(rows, method, chain)

    result_fields = [
        "track_id", "judges_assigned", "judges_scored", "mean", "median", "trimmed_mean", "trimmed", "zscore",
        "total", "std_dev", "score_range", "criteria_means", "score", "rank", "tied", "disagreement",
    ]  # fmt: skip
    objects = [
        models.RoundResult(
            round_id=round_.pk, entry_id=row["entry_id"], computed_at=now, **{k: row[k] for k in result_fields}
        )
        for rows in rows_by_track.values()
        for row in rows
    ]
    flagged = [row["entry_id"] for rows in rows_by_track.values() for row in rows if row["disagreement"]]
    summary = ResultsSummary(
        round_id=round_.pk, method=method, entries=len(objects), scored=sum(1 for o in objects if o.judges_scored),
        flagged=len(flagged), round_mean=round_mean, round_std=round_std, computed_at=now.isoformat(),
    )  # fmt: skip
    with transaction.atomic():
        models.RoundResult.objects.filter(round=round_).exclude(entry_id__in=list(entries)).delete()
        models.RoundResult.objects.bulk_create(
            objects,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["round", "entry"],
            update_fields=[name.removesuffix("_id") if name == "track_id" else name for name in result_fields]
            + ["computed_at"],
        )
        record(
            "judging.results_computed", round_, actor=actor, contest=round_.contest,
            after={k: v for k, v in summary.as_dict().items() if k != "shortfalls"},
        )  # fmt: skip
    if flagged and round_.extra_judge_on_disagreement:
        from contests.services.assignment import add_extra_judges

        report = add_extra_judges(round_, flagged, actor=actor)
        if report is not None:
            summary.extra_assigned = report.created
            summary.shortfalls = [str(s) for s in report.shortfalls]
    return summary
