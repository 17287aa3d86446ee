"""contests.services.judging.aggregation against hand-computed examples, and their properties (hypothesis)."""

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contests.services.judging.aggregation import (
    JudgeScale,
    aggregate,
    judge_scales,
    normalise,
    rank_entries,
    trimmed_mean,
)


def test_trimmed_mean_drops_one_highest_and_one_lowest_with_five_judges():
    # 95, 80, 78, 70, 40 → drop 95 and 40 → (80 + 78 + 70) / 3 = 76
    assert trimmed_mean([95, 80, 78, 70, 40]) == (76.0, True)


def test_trimmed_mean_drops_only_one_of_equal_extremes():
    # Two 90s: one is dropped as "the highest", the other stays.
    assert trimmed_mean([90, 90, 60, 70, 80]) == (80.0, True)


def test_trimmed_mean_is_the_plain_mean_below_five_judges():
    assert trimmed_mean([80, 70, 75]) == (75.0, False)
    assert trimmed_mean([80, 70, 75, 95]) == (80.0, False)


def test_aggregate_hand_computed_entry():
    figures = aggregate({1: [95, 80, 78, 70, 40]}, {1: [95, 80, 78, 70, 40]})[1]
    assert figures.mean == 72.6
    assert figures.median == 78
    assert figures.trimmed_mean == 76.0
    assert figures.trimmed is True
    assert figures.total == 363
    assert figures.score_range == 55
    # deviations 22.4, 7.4, 5.4, −2.6, −32.6 → Σ squares 1655.2 → / 5 = 331.04
    assert figures.std_dev == pytest.approx(math.sqrt(331.04))


def test_aggregate_median_of_even_count_is_the_mean_of_the_middle_two():
    assert aggregate({1: [60, 70, 80, 90]}, {1: [60, 70, 80, 90]})[1].median == 75


def test_aggregate_entry_without_scores_has_no_values():
    figures = aggregate({1: []}, {1: []})[1]
    assert (figures.mean, figures.trimmed_mean, figures.zscore, figures.total) == (None, None, None, None)


def test_judge_scales_uses_raw_for_a_judge_who_gives_every_entry_the_same_total():
    scales = judge_scales([(1, 7, 80.0), (2, 7, 80.0), (3, 7, 80.0), (1, 8, 90.0), (2, 8, 70.0)])
    assert scales[7] == JudgeScale(mean=80.0, std=0.0, count=3)
    assert scales[7].uses_raw is True
    assert normalise(80.0, scales[7], round_mean=70.0, round_std=10.0) == 80.0
    # Judge 8: mean 80, std 10 → 90 is z = +1 → 70 + 1 × 10 = 80 on the round's scale.
    assert scales[8] == JudgeScale(mean=80.0, std=10.0, count=2)
    assert normalise(90.0, scales[8], round_mean=70.0, round_std=10.0) == 80.0
    assert normalise(70.0, scales[8], round_mean=70.0, round_std=10.0) == 60.0


def test_judge_with_a_single_entry_keeps_raw_totals():
    scales = judge_scales([(1, 9, 55.0)])
    assert scales[9].uses_raw is True
    assert normalise(55.0, scales[9], 70.0, 10.0) == 55.0


def _row(code, method_value, **values):
    row = {"code": code, "trimmed_mean": method_value, "mean": None, "median": None, "zscore": None, "total": None}
    row.update(values)
    row.setdefault("criteria_means", [])
    return row


def test_rank_entries_breaks_ties_along_the_chain():
    rows = [
        _row("PA", 80.0, total=400.0, criteria_means=[20.0, 20.0]),
        _row("PB", 80.0, total=480.0, criteria_means=[18.0, 22.0]),  # more judges: higher total
        _row("PC", 85.0, total=340.0, criteria_means=[21.0, 20.0]),
        _row("PD", 80.0, total=400.0, criteria_means=[21.0, 19.0]),  # same total as PA, better first criterion
    ]
    rank_entries(rows, "trimmed_mean", ["total", "criteria"])
    assert [(r["code"], r["rank"], r["tied"]) for r in sorted(rows, key=lambda r: r["rank"])] == [
        ("PC", 1, False),
        ("PB", 2, False),
        ("PD", 3, False),
        ("PA", 4, False),
    ]


def test_rank_entries_marks_entries_equal_after_the_whole_chain_as_tied():
    rows = [
        _row("PZ", 80.0, total=400.0, criteria_means=[20.0]),
        _row("PA", 80.0, total=400.0, criteria_means=[20.0]),
        _row("PM", 90.0, total=400.0, criteria_means=[20.0]),
        _row("PN", None),
    ]
    rank_entries(rows, "trimmed_mean", ["total", "criteria"])
    assert [(r["code"], r["rank"], r["tied"]) for r in rows] == [
        ("PZ", 3, True),
        ("PA", 2, True),  # tied entries are listed by blind code
        ("PM", 1, False),
        ("PN", None, False),  # no submitted score: no rank
    ]


def test_rank_entries_ignores_float_noise_below_six_decimals():
    rows = [_row("PB", 80.0000000001, total=1.0), _row("PA", 80.0, total=2.0)]
    rank_entries(rows, "trimmed_mean", ["total"])
    assert [(r["code"], r["rank"]) for r in rows] == [("PB", 2), ("PA", 1)]


totals_strategy = st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=12)


@given(totals_strategy)
def test_trimmed_mean_lies_between_min_and_max(values):
    value, _trimmed = trimmed_mean(values)
    assert min(values) - 1e-9 <= value <= max(values) + 1e-9


@given(
    st.lists(
        st.tuples(st.sampled_from([1.0, 2.0, 3.0]), st.floats(min_value=0, max_value=100)), min_size=1, max_size=40
    )
)
@settings(max_examples=60)
def test_ranks_are_a_permutation_of_one_to_n(pairs):
    rows = [_row(f"P{i:03d}", value, total=total, criteria_means=[value]) for i, (value, total) in enumerate(pairs)]
    rank_entries(rows, "trimmed_mean", ["total", "criteria"])
    assert sorted(r["rank"] for r in rows) == list(range(1, len(rows) + 1))


@given(
    st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=2, max_size=20),
    st.floats(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=30),
)
def test_normalisation_keeps_each_judges_own_order(values, round_mean, round_std):
    scale = judge_scales([(i, 1, v) for i, v in enumerate(values)])[1]
    normalised = [normalise(v, scale, round_mean, round_std) for v in values]
    for a, b in zip(values, normalised, strict=True):
        for c, d in zip(values, normalised, strict=True):
            if a < c:
                assert b <= d + 1e-9


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=12))
def test_aggregate_mean_median_and_trimmed_lie_within_the_range(values):
    figures = aggregate({1: values}, {1: values})[1]
    low, high = min(values) - 1e-9, max(values) + 1e-9
    assert low <= figures.mean <= high
    assert low <= figures.median <= high
    assert low <= figures.trimmed_mean <= high
    assert figures.std_dev == pytest.approx(statistics.pstdev(values), abs=1e-9)
