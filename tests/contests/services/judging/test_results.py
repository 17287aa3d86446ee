"""compute_round_results against a hand-computed round, stored rows, recomputation, command."""

import math
from io import StringIO

import pytest
from django.core.management import call_command

from contests.choices import Aggregation
from contests.models import AssignmentState, AuditEvent, Criterion, RoundResult, ScoreStatus
from contests.services import ContestError
from contests.services.judging.reports import explain_entry, judge_report
from contests.services.judging.results import compute_round_results, judge_totals
from tests.contests.factories import ContestFactory, TrackFactory
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    eligible_entry,
    make_rubric,
    open_round,
    submitted_score,
)

pytestmark = pytest.mark.django_db


def values_for(total):
    """Criterion values (rubric maxima 25, 25, 20, 20, 10) whose weighted total is ``total``:
    with max score = weight, the weighted total is simply the sum of the values."""
    values, deficit = [25, 25, 20, 20, 10], 100 - total
    for i, top in enumerate(values):
        cut = min(top, deficit)
        values[i] -= cut
        deficit -= cut
    return values


@pytest.fixture
def round_data():
    contest = ContestFactory()
    round_ = open_round(contest, judges_per_entry=5, disagreement_threshold=15)
    make_rubric(round_)
    track = TrackFactory(contest=contest)
    judges = [JudgeFactory(contest=contest, tracks=[track]) for _ in range(6)]
    a, b, c = (eligible_entry(contest, track) for _ in range(3))
    # Entry a: five judges 95, 80, 78, 70, 40 — trimmed mean 76.
    for judge, total in zip(judges[:5], [95, 80, 78, 70, 40], strict=True):
        submitted_score(assign(round_, a, judge), values_for(total))
    # Entry b: three judges 80, 70, 75 — fewer than five, so the plain mean 75.
    for judge, total in zip(judges[:3], [80, 70, 75], strict=True):
        submitted_score(assign(round_, b, judge), values_for(total))
    # A draft never counts; a recused judge's submitted score does not either.
    submitted_score(assign(round_, b, judges[3]), values_for(10), status=ScoreStatus.DRAFT)
    submitted_score(assign(round_, b, judges[4], state=AssignmentState.RECUSED), values_for(0))
    # Entry c: assigned, nothing submitted yet.
    assign(round_, c, judges[5])
    return round_, judges, (a, b, c)


def test_judge_totals_are_the_weighted_sum_of_counted_criteria(round_data):
    round_, judges, (a, b, _c) = round_data
    totals = sorted((e, j, round(t, 9)) for e, j, t in judge_totals(round_))
    assert totals == sorted(
        [(a.pk, j.pk, float(t)) for j, t in zip(judges[:5], [95, 80, 78, 70, 40], strict=True)]
        + [(b.pk, j.pk, float(t)) for j, t in zip(judges[:3], [80, 70, 75], strict=True)]
    )


def test_judge_totals_leave_out_uncounted_criteria_and_scale_to_100():
    contest = ContestFactory()
    round_ = open_round(contest)
    make_rubric(round_, [("创新性", 60, 10), ("可行性", 40, 5), ("展示（不计分）", 0, 10)])
    Criterion.objects.filter(round=round_, name="展示（不计分）").update(counted=False)
    track = TrackFactory(contest=contest)
    judge = JudgeFactory(contest=contest, tracks=[track])
    entry = eligible_entry(contest, track)
    submitted_score(assign(round_, entry, judge), [7.5, 4, 1])
    # 7.5 / 10 × 60 + 4 / 5 × 40 = 45 + 32 = 77; the uncounted criterion adds nothing.
    assert [(e, j, round(t, 9)) for e, j, t in judge_totals(round_)] == [(entry.pk, judge.pk, 77.0)]


def test_compute_round_results_stores_every_method_and_ranks(round_data):
    round_, _judges, (a, b, c) = round_data
    summary = compute_round_results(round_)
    assert (summary.entries, summary.scored, summary.flagged) == (3, 2, 1)

    ra = RoundResult.objects.get(round=round_, entry=a)
    assert (ra.mean, ra.median, ra.trimmed_mean, ra.trimmed, ra.total, ra.score_range) == (
        72.6,
        78.0,
        76.0,
        True,
        363.0,
        55.0,
    )
    assert ra.std_dev == pytest.approx(math.sqrt(331.04))
    assert (ra.judges_assigned, ra.judges_scored, ra.disagreement) == (5, 5, True)

    rb = RoundResult.objects.get(round=round_, entry=b)
    assert (rb.mean, rb.median, rb.trimmed_mean, rb.trimmed, rb.total) == (75.0, 75.0, 75.0, False, 225.0)
    assert (rb.judges_assigned, rb.judges_scored, rb.disagreement) == (4, 3, False)

    rc = RoundResult.objects.get(round=round_, entry=c)
    assert (rc.score, rc.rank, rc.judges_assigned, rc.judges_scored) == (None, None, 1, 0)

    # Trimmed mean (the default method): a 76 beats b 75.
    assert [
        (r.entry_id, r.rank, r.score)
        for r in RoundResult.objects.filter(round=round_, rank__isnull=False).order_by("rank")
    ] == [
        (a.pk, 1, 76.0),
        (b.pk, 2, 75.0),
    ]
    assert AuditEvent.objects.filter(action="judging.results_computed", object_id=str(round_.pk)).count() == 1


def test_compute_round_results_ranks_by_the_rounds_method(round_data):
    round_, _judges, (a, b, _c) = round_data
    round_.aggregation = Aggregation.MEAN
    round_.save()
    compute_round_results(round_)
    # By the plain mean, b (75) beats a (72.6).
    assert list(
        RoundResult.objects.filter(round=round_, rank__isnull=False).order_by("rank").values_list("entry_id", "score")
    ) == [
        (b.pk, 75.0),
        (a.pk, 72.6),
    ]


def test_compute_round_results_zscore_hand_computed():
    contest = ContestFactory()
    round_ = open_round(contest, aggregation=Aggregation.ZSCORE)
    make_rubric(round_)
    track = TrackFactory(contest=contest)
    lenient, strict, flat = (JudgeFactory(contest=contest, tracks=[track]) for _ in range(3))
    e1, e2 = eligible_entry(contest, track), eligible_entry(contest, track)
    # lenient: 90, 80 (mean 85, std 5); strict: 60, 40 (mean 50, std 10); flat: 70, 70 (std 0 → raw).
    for judge, (t1, t2) in ((lenient, (90, 80)), (strict, (60, 40)), (flat, (70, 70))):
        submitted_score(assign(round_, e1, judge), values_for(t1))
        submitted_score(assign(round_, e2, judge), values_for(t2))
    compute_round_results(round_)
    # Round: totals 90, 80, 60, 40, 70, 70 → mean 68.333…, pstdev s.
    values = [90, 80, 60, 40, 70, 70]
    mean = sum(values) / 6
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / 6)
    e1_expected = ((mean + 1 * std) + (mean + 1 * std) + 70) / 3
    e2_expected = ((mean - 1 * std) + (mean - 1 * std) + 70) / 3
    r1, r2 = RoundResult.objects.get(entry=e1), RoundResult.objects.get(entry=e2)
    assert r1.zscore == pytest.approx(e1_expected)
    assert r2.zscore == pytest.approx(e2_expected)
    assert (r1.rank, r2.rank, r1.score) == (1, 2, r1.zscore)


def test_compute_round_results_is_recomputable_and_drops_stale_rows(round_data):
    round_, _judges, (a, _b, _c) = round_data
    compute_round_results(round_)
    first = RoundResult.objects.get(entry=a).pk
    compute_round_results(round_)
    assert RoundResult.objects.filter(round=round_).count() == 3
    assert RoundResult.objects.get(entry=a).pk == first  # upserted, not duplicated


def test_compute_round_results_refuses_a_rubric_whose_weights_do_not_sum_to_100(round_data):
    round_, _judges, _entries = round_data
    Criterion.objects.filter(round=round_, name="展示表达").update(counted=False)
    with pytest.raises(ContestError) as refusal:
        compute_round_results(round_)
    assert str(refusal.value) == "本轮计分项权重合计为 90%，应为 100%。"


def test_extra_judge_is_added_to_a_disagreement_when_the_round_asks(round_data):
    round_, _judges, (a, _b, _c) = round_data
    round_.extra_judge_on_disagreement = True
    round_.save()
    summary = compute_round_results(round_)
    assert summary.extra_assigned == 1
    assert a.assignments.filter(state=AssignmentState.ACTIVE).count() == 6
    # Only once: a second computation does not add a seventh.
    assert compute_round_results(round_).extra_assigned == 0
    assert a.assignments.filter(state=AssignmentState.ACTIVE).count() == 6


def test_explain_entry_marks_the_dropped_totals(round_data):
    round_, judges, (a, _b, _c) = round_data
    explanation = explain_entry(round_, a)
    dropped = {line.judge.pk: line.dropped for line in explanation["lines"]}
    assert dropped == {judges[0].pk: "high", judges[1].pk: "", judges[2].pk: "", judges[3].pk: "", judges[4].pk: "low"}
    assert explanation["figures"].trimmed_mean == 76.0


def test_judge_report_measures_leniency_against_the_other_judges(round_data):
    round_, judges, (_a, _b, _c) = round_data
    stats = {s.judge.pk: s for s in judge_report(round_)}
    first = stats[judges[0].pk]
    # Judge 0: a 95 (others 80, 78, 70, 40 → 67) and b 80 (others 70, 75 → 72.5).
    assert (first.assigned, first.submitted, first.compared) == (2, 2, 2)
    assert first.leniency == pytest.approx((95 + 80) / 2 - (67 + 72.5) / 2)
    assert first.correlation is None  # two points are not enough
    assert (stats[judges[5].pk].assigned, stats[judges[5].pk].submitted, stats[judges[5].pk].mean) == (1, 0, None)


def test_compute_results_command_prints_the_summary(round_data):
    round_, _judges, _entries = round_data
    out = StringIO()
    call_command("compute_results", round_.contest.slug, "--round", "1", stdout=out)
    assert out.getvalue().splitlines()[0] == "已计算 3 件作品的成绩，其中 2 件有已提交评分，1 件评分分歧超过阈值。"


def test_ties_on_score_and_total_are_broken_by_the_criteria_in_order():
    contest = ContestFactory()
    round_ = open_round(contest)
    make_rubric(round_)
    track = TrackFactory(contest=contest)
    judges = [JudgeFactory(contest=contest, tracks=[track]) for _ in range(2)]
    first, second, third = (eligible_entry(contest, track) for _ in range(3))
    # Both total 80 with each judge; `second` has more on 创新性 (the first criterion).
    for judge in judges:
        submitted_score(assign(round_, first, judge), [20, 25, 15, 12, 8])
        submitted_score(assign(round_, second, judge), [25, 20, 15, 12, 8])
        submitted_score(assign(round_, third, judge), [10, 10, 10, 10, 5])
    compute_round_results(round_)
    results = {r.entry_id: r for r in RoundResult.objects.filter(round=round_)}
    assert [(results[e.pk].rank, results[e.pk].tied) for e in (second, first, third)] == [
        (1, False),
        (2, False),
        (3, False),
    ]
    assert results[second.pk].criteria_means == [25.0, 20.0, 15.0, 12.0, 8.0]
    assert results[third.pk].criteria_means == [10.0, 10.0, 10.0, 10.0, 5.0]  # not tied, still shown


def test_every_scored_entry_gets_its_criterion_means_and_the_results_sheet_shows_them(tmp_path):
    """The results sheet's per-criterion columns were empty for any entry not tied on the chain."""
    import openpyxl

    from contests.services.exports import ExportContext, build_workbook

    contest = ContestFactory()
    round_ = open_round(contest)
    make_rubric(round_)
    track = TrackFactory(contest=contest)
    judges = [JudgeFactory(contest=contest, tracks=[track]) for _ in range(2)]
    best, unscored = eligible_entry(contest, track), eligible_entry(contest, track)
    submitted_score(assign(round_, best, judges[0]), [25, 20, 15, 12, 8])
    submitted_score(assign(round_, best, judges[1]), [20, 20, 10, 10, 6])
    assign(round_, unscored, judges[0])

    compute_round_results(round_)

    results = {r.entry_id: r for r in RoundResult.objects.filter(round=round_)}
    assert (results[best.pk].criteria_means, results[unscored.pk].criteria_means) == ([22.5, 20.0, 12.5, 11.0, 7.0], [])
    path = tmp_path / "results.xlsx"
    build_workbook(ExportContext.build(contest), "results", path)
    sheet = openpyxl.load_workbook(path).worksheets[-1]
    headers = [cell.value for cell in sheet[1]]
    first_mean = headers.index("创新性平均分")
    rows = {row[headers.index("作品名称")]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[best.title][first_mean : first_mean + 5] == (22.5, 20, 12.5, 11, 7)
    assert rows[unscored.title][first_mean : first_mean + 5] == (None,) * 5
