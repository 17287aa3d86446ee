"""The live final's rules, through its services: the draw, idempotent scores, closing, figures,
sign-off, the appeal window and publishing what was announced."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from contests.models import (
    AuditEvent,
    LiveAppealStatus,
    LiveSession,
    ResultPublication,
    RoundResult,
    Score,
    ScoreItem,
    SignOffMethod,
    SlotState,
)
from contests.services import ContestError
from contests.services.judging.scoring import ScoreRefused
from contests.services.live.announce import publish_announced
from contests.services.live.draw import draw_order, drawn_order
from contests.services.live.scoring import submit_live_score
from contests.services.live.signoff import decide_live_appeal, file_live_appeal, sign_off
from contests.services.live.stage import close_scoring, mark_absent, start_pitch
from tests.contests.factories.judging import JudgeFactory
from tests.contests.factories.live import live_world, values
from tests.contests.live.helpers import leaders, score, to_scoring

pytestmark = pytest.mark.django_db


def test_the_same_seed_draws_the_same_order_and_the_draw_is_audited():
    world = live_world(entries=6, drawn=False)
    entry_ids = [e.pk for e in world.entries]
    assert drawn_order("abc", "room-a", entry_ids) == drawn_order("abc", "room-a", list(reversed(entry_ids)))
    assert sorted(drawn_order("abc", "room-a", entry_ids)) == sorted(entry_ids)
    draw_order(world.session, actor=world.boss, seed="abc")
    orders = list(world.room.slots.order_by("order").values_list("entry_id", flat=True))
    assert orders == drawn_order("abc", "room-a", entry_ids)
    session = LiveSession.objects.get(pk=world.session.pk)
    assert (session.draw_seed, session.drawn_by) == ("abc", world.boss)
    event = AuditEvent.objects.get(action="live.order_drawn")
    assert (event.after["seed"], event.after["orders"]["room-a"]) == ("abc", orders)
    with pytest.raises(ContestError, match="已经抽签"):
        draw_order(world.session, actor=world.boss, seed="other")
    assert list(world.room.slots.order_by("order").values_list("entry_id", flat=True)) == orders


def test_a_retried_submission_counts_once_and_a_changed_one_is_refused():
    world = live_world()
    slot = to_scoring(world)
    judge = world.panel[0]
    receipt, replayed = score(world, slot, judge, 0.8, key="tablet-key-1")
    assert replayed is False
    again, replayed = score(world, slot, judge, 0.8, key="tablet-key-1")
    assert (again.pk, replayed) == (receipt.pk, True)
    with pytest.raises(ScoreRefused, match="不能再修改"):
        score(world, slot, judge, 0.5, key="tablet-key-2")
    with pytest.raises(ScoreRefused, match="不能再修改"):
        score(world, slot, judge, 0.5, key="tablet-key-1")
    scores = Score.objects.filter(assignment__judge=judge, assignment__entry=slot.entry)
    assert [s.status for s in scores] == ["submitted"]
    assert sorted(ScoreItem.objects.filter(score__in=scores).values_list("value", flat=True)) == sorted(
        float(v) for v in values(world.criteria, 0.8).values()
    )


def test_a_pending_score_of_an_earlier_team_never_lands_on_the_next():
    world = live_world()
    slot = to_scoring(world)
    for judge in world.panel:
        score(world, slot, judge, 0.7)
    close_scoring(world.room, actor=world.host)
    sign_off(slot, actor=world.host, method=SignOffMethod.HOST_DEVICE)
    start_pitch(world.room, actor=world.host)
    with pytest.raises(ScoreRefused, match="尚未开始或已经截止"):
        score(world, slot, world.panel[0], 0.9, key="late-key-0001")


def test_closing_is_refused_while_a_present_judge_has_not_submitted():
    world = live_world()
    slot = to_scoring(world)
    score(world, slot, world.panel[0], 0.8)
    score(world, slot, world.panel[1], 0.6)
    with pytest.raises(ContestError, match="1 位评委未提交评分（评委3）"):
        close_scoring(world.room, actor=world.host)
    slot.refresh_from_db()
    assert slot.state == SlotState.SCORING
    mark_absent(world.room, world.panel[2], actor=world.host)
    closed = close_scoring(world.room, actor=world.host)
    assert (closed.state, closed.figures["final"], closed.missing_score_rule) == ("closed", "70.00", "exclude")
    assert [row["status"] for row in closed.figures["judges"]] == ["submitted", "submitted", "absent"]


def test_five_judges_drop_the_highest_and_lowest():
    world = live_world(judges=5)
    slot = to_scoring(world)
    for judge, fraction in zip(world.panel, [0.9, 0.5, 0.8, 0.7, 0.6], strict=True):
        score(world, slot, judge, fraction)
    closed = close_scoring(world.room, actor=world.host)
    rows = closed.figures["judges"]
    assert [(r["number"], r["total"], r["dropped"]) for r in rows] == [
        (1, "90.00", "high"),
        (2, "50.00", "low"),
        (3, "80.00", None),
        (4, "70.00", None),
        (5, "60.00", None),
    ]
    assert (closed.figures["final"], closed.figures["trimmed"], str(closed.final_score)) == ("70.00", True, "70.00")


def _closed(world):
    slot = to_scoring(world)
    for judge in world.panel:
        score(world, slot, judge, 0.75)
    return close_scoring(world.room, actor=world.host)


@pytest.mark.clock
def test_the_appeal_window_is_enforced_on_the_server():
    world = live_world()
    slot = _closed(world)
    leader, _other = leaders(world, slot)
    late = time_machine.travel(slot.appeal_deadline + timedelta(seconds=1), tick=False)
    with late, pytest.raises(ContestError, match="时限已过"):
        file_live_appeal(slot, actor=leader, reason="第三位评委的分数明显偏低。")
    with time_machine.travel(slot.appeal_deadline - timedelta(minutes=1), tick=False):
        appeal = file_live_appeal(slot, actor=leader, reason="第三位评委的分数明显偏低。")
    assert (appeal.status, appeal.deadline) == (LiveAppealStatus.PENDING, slot.appeal_deadline)


def test_only_the_team_on_stage_signs_off_with_the_right_code():
    world = live_world()
    slot = _closed(world)
    leader, other_leader = leaders(world, slot)
    with pytest.raises(ContestError, match="队长"):
        sign_off(slot, actor=other_leader, method=SignOffMethod.TEAM_CODE, code=slot.signoff_code)
    with pytest.raises(ContestError, match="确认码不正确"):
        sign_off(slot, actor=leader, method=SignOffMethod.TEAM_CODE, code="000000x")
    with pytest.raises(ContestError, match="队长"):
        file_live_appeal(slot, actor=other_leader, reason="越权申诉")
    sign_off(slot, actor=leader, method=SignOffMethod.TEAM_CODE, code=slot.signoff_code)
    slot.refresh_from_db()
    assert (slot.state, slot.signoff.method, slot.signoff.confirmed_by) == ("signed_off", "team_code", leader)


def test_the_chair_decides_and_results_are_published_only_after():
    world = live_world(entries=1)
    slot = _closed(world)
    leader = world.leaders[0]
    appeal = file_live_appeal(slot, actor=leader, reason="计时器提前结束了陈述。")
    with pytest.raises(ContestError, match="现场申诉待组长裁决"):
        publish_announced(world.session, actor=world.boss)
    with pytest.raises(ContestError, match="组长"):
        decide_live_appeal(appeal, actor=world.panel[1].user, upheld=False, decision="驳回")
    decide_live_appeal(appeal, actor=world.panel[0].user, upheld=False, decision="经核查计时无误，驳回。")
    publication = publish_announced(world.session, actor=world.boss, now=timezone.now())
    result = RoundResult.objects.get(round=world.round, entry=slot.entry)
    # The round's ordinary results say what the big screen said.
    assert (publication.round, round(float(result.trimmed_mean), 2)) == (world.round, float(slot.final_score))
    assert ResultPublication.objects.filter(round=world.round).count() == 1


def test_a_judge_not_on_the_panel_cannot_score():
    world = live_world()
    slot = to_scoring(world)
    outsider = JudgeFactory(contest=world.contest)
    with pytest.raises(ScoreRefused, match="不需要为该团队打分"):
        submit_live_score(world.room, outsider, slot_id=slot.pk, key="outsider-key", values=values(world.criteria, 0.5))


def test_too_many_wrong_codes_send_the_team_to_the_host_device():
    world = live_world()
    slot = _closed(world)
    leader, _other = leaders(world, slot)
    wrong = "999999" if slot.signoff_code != "999999" else "888888"
    for _attempt in range(5):
        with pytest.raises(ContestError, match="确认码不正确"):
            sign_off(slot, actor=leader, method=SignOffMethod.TEAM_CODE, code=wrong)
    with pytest.raises(ContestError, match="错误次数过多"):
        sign_off(slot, actor=leader, method=SignOffMethod.TEAM_CODE, code=slot.signoff_code)
    sign_off(slot, actor=world.host, method=SignOffMethod.HOST_DEVICE, representative="队长")
    slot.refresh_from_db()
    assert (slot.state, slot.signoff.method) == ("signed_off", "host_device")
