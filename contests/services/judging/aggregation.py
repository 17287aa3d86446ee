"""Pure aggregation of judge totals: the definitions of ``contests.services.judging.results`` as plain
functions over numbers (no database), so that they can be tested by hand and by hypothesis."""

import math
from collections import defaultdict
from dataclasses import dataclass

from contests.models.results import TieBreak

TRIM_MIN_JUDGES = 5
PRECISION = 6


def pstdev(values, mean=None):
    """Population standard deviation in floats (statistics.pstdev is exact but 40× slower)."""
    mean = math.fsum(values) / len(values) if mean is None else mean
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


def trimmed_mean(values, *, presorted=False):
    """(value, trimmed?) — drop one highest and one lowest with ≥ 5 values, else the plain mean.
    ``presorted`` skips the sort when the caller already holds the values in order."""
    ordered = values if presorted else sorted(values)
    if len(ordered) >= TRIM_MIN_JUDGES:
        return math.fsum(ordered[1:-1]) / (len(ordered) - 2), True
    return math.fsum(ordered) / len(ordered), False


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
    return {j: JudgeScale(math.fsum(v) / len(v), pstdev(v), len(v)) for j, v in by_judge.items()}


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
    fsum, sqrt = math.fsum, math.sqrt
    for entry_id, values in totals_by_entry.items():
        n = len(values)
        if not n:
            figures[entry_id] = EntryFigures(totals=[])
            continue
        ordered = sorted(values)
        total = fsum(ordered)
        mean = total / n
        middle = n // 2
        trimmed, did_trim = trimmed_mean(ordered, presorted=True)
        normalised = normalised_by_entry[entry_id]
        figures[entry_id] = EntryFigures(
            totals=values,
            mean=mean,
            median=ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2,
            trimmed_mean=trimmed,
            trimmed=did_trim,
            zscore=fsum(normalised) / len(normalised),
            total=total,
            std_dev=sqrt(fsum((v - mean) ** 2 for v in ordered) / n),
            score_range=ordered[-1] - ordered[0],
        )
    return figures


def _key_value(value):
    return -math.inf if value is None else round(value, PRECISION)


def rank_entries(rows, method, chain, code_of=None):
    """Rank rows (dicts with the method/chain values and ``criteria_means``) in place.

    Sets ``rank`` (1…n among rows with a value, None otherwise) and ``tied``. Rows still equal
    after the whole chain are ordered by blind code (``code_of(row)``, default ``row["code"]``),
    computed only for them.
    """
    code_of = code_of or (lambda row: row["code"])

    def key(row):
        parts = [_key_value(row[method])]
        for name in chain:
            if name == TieBreak.CRITERIA:
                parts.extend(_key_value(v) for v in row["criteria_means"])
            else:
                parts.append(_key_value(row[name]))
        return tuple(-p for p in parts)

    for row in rows:
        row["rank"], row["tied"] = None, False
    keyed = sorted(((key(row), row) for row in rows if row[method] is not None), key=lambda item: item[0])
    ordered, start = [], 0
    while start < len(keyed):
        end = start + 1
        while end < len(keyed) and keyed[end][0] == keyed[start][0]:
            end += 1
        run = [row for _key, row in keyed[start:end]]
        if len(run) > 1:
            run.sort(key=code_of)
            for row in run:
                row["tied"] = True
        ordered.extend(run)
        start = end
    for position, row in enumerate(ordered, start=1):
        row["rank"] = position
    return rows
