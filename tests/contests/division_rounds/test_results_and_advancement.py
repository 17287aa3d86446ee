"""Results ranked within (division, track), one division recomputed on its own, and each division's
advancement cut by its quota (total across tracks, or per track)."""

import pytest
import time_machine

from contests.choices import EntryStatus
from contests.models import DivisionAdvancement, DivisionTrackQuota, Entry, RoundResult
from contests.services import ContestError
from contests.services.division_rounds.advancement import (
    confirm_division_advancement,
    preview_division_advancement,
)
from contests.services.judging.results import compute_division_results, compute_round_results
from contests.services.outcomes.advancement import confirm_advancement
from tests.contests.factories.judging import assign, organiser, submitted_score

pytestmark = pytest.mark.django_db

NOW = "2026-06-01 10:00 +08:00"
# Totals: 25+25+20+20+10 scaled by the factor.
FULL = (25, 25, 20, 20, 10)


def score(values_factor):
    return [round(v * values_factor, 1) for v in FULL]


@pytest.fixture
def scored(provincial):
    """济南: t1 90, 70; t2 80, 60. 青岛: t1 50; t2 95 (two judges each, same marks)."""
    marks = {
        "jinan": [0.9, 0.7, 0.8, 0.6],
        "qingdao": [0.5, 0.95],
    }
    for slug, entries in provincial.entries.items():
        for entry, factor in zip(entries, marks[slug], strict=True):
            for judge in provincial.judges[slug][:2]:
                submitted_score(assign(provincial.first, entry, judge), score(factor))
    return provincial


def ranks(round_):
    return {
        (r.division.slug, r.track_id, r.entry_id): r.rank
        for r in RoundResult.objects.filter(round=round_).select_related("division")
    }


@time_machine.travel(NOW, tick=False)
def test_divisional_results_rank_within_division_and_track(scored):
    p = scored
    compute_round_results(p.first)
    t1, t2 = p.tracks
    j, q = p.entries["jinan"], p.entries["qingdao"]
    assert ranks(p.first) == {
        ("jinan", t1.pk, j[0].pk): 1, ("jinan", t1.pk, j[1].pk): 2,
        ("jinan", t2.pk, j[2].pk): 1, ("jinan", t2.pk, j[3].pk): 2,
        ("qingdao", t1.pk, q[0].pk): 1, ("qingdao", t2.pk, q[1].pk): 1,
    }  # fmt: skip
    assert RoundResult.objects.get(entry=j[0]).score == pytest.approx(90.0)


def test_one_division_is_recomputed_alone(scored):
    p = scored
    with time_machine.travel("2026-06-01 10:00 +08:00", tick=False):
        compute_round_results(p.first)
    with time_machine.travel("2026-06-02 10:00 +08:00", tick=False):
        summary = compute_division_results(p.first, p.qingdao, actor=organiser())
    assert summary.entries == 2
    dates = dict(RoundResult.objects.values_list("division__slug", "computed_at__date").distinct())
    assert {slug: str(day) for slug, day in dates.items()} == {"jinan": "2026-06-01", "qingdao": "2026-06-02"}


def test_division_results_refused_outside_a_divisional_round(scored):
    with pytest.raises(ContestError):
        compute_division_results(scored.final, scored.jinan)


# No pinned clock: the scores (made by the fixture) must not look newer than the results.
def test_quota_across_tracks_advances_the_division_best(scored):
    p = scored
    compute_round_results(p.first)
    j = p.entries["jinan"]
    preview = preview_division_advancement(p.first, p.jinan)
    assert (preview.per_track, preview.quota, preview.problems()) == (False, 2, [])
    assert preview.advanced_entry_ids == sorted([j[0].pk, j[2].pk])  # 90 and 80, one per track by chance
    boss = organiser()
    decision = confirm_division_advancement(p.first, p.jinan, actor=boss, entry_ids=preview.advanced_entry_ids)
    assert decision.next_round == p.final and decision.quota == 2
    moved = Entry.objects.filter(current_round=p.final, status=EntryStatus.ADVANCED)
    assert sorted(moved.values_list("pk", flat=True)) == sorted([j[0].pk, j[2].pk])
    with pytest.raises(ContestError) as twice:
        confirm_division_advancement(p.first, p.jinan, actor=boss)
    assert str(twice.value.message) == "本分赛区本轮的晋级已经确定，不能再次确定。"
    # 青岛 (quota 1) still decides on its own: its best entry of either track.
    confirm_division_advancement(p.first, p.qingdao, actor=boss)
    assert list(DivisionAdvancement.objects.get(division=p.qingdao).advanced_entry_ids) == [p.entries["qingdao"][1].pk]


# No pinned clock: the scores (made by the fixture) must not look newer than the results.
def test_track_quotas_cut_per_track_and_beyond_quota_is_refused(scored):
    p = scored
    t1, t2 = p.tracks
    j = p.entries["jinan"]
    DivisionTrackQuota.objects.create(division=p.jinan, track=t1, quota=2)
    DivisionTrackQuota.objects.create(division=p.jinan, track=t2, quota=0)
    compute_round_results(p.first)
    preview = preview_division_advancement(p.first, p.jinan)
    assert (preview.per_track, preview.quota) == (True, 2)
    assert preview.advanced_entry_ids == sorted([j[0].pk, j[1].pk])
    boss = organiser()
    with pytest.raises(ContestError) as beyond:
        confirm_division_advancement(p.first, p.jinan, actor=boss, entry_ids=[j[0].pk, j[1].pk, j[2].pk])
    assert str(beyond.value.message) == "晋级作品 3 件，超出本分赛区名额 2 件。"
    assert not DivisionAdvancement.objects.exists()
    assert not Entry.objects.filter(current_round=p.final).exists()


@time_machine.travel(NOW, tick=False)
def test_whole_round_advancement_is_refused_in_a_divisional_round(scored):
    compute_round_results(scored.first)
    with pytest.raises(ContestError) as refused:
        confirm_advancement(scored.first, next_round=scored.final, method="top_n", parameter=1, actor=organiser())
    assert str(refused.value.message) == "分赛区评审轮次由各分赛区按名额确定晋级。"
