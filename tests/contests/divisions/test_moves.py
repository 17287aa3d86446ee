"""Moving a team between divisions: organisers only, with a reason, refused once the division's
judging has the team's entries; recorded, audited and e-mailed to the leader."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contests.models import AuditEvent, RoundResult, TeamDivisionMove
from contests.services import ContestError
from contests.services.division_moves import move_team
from tests.contests.divisions.conftest import make_division
from tests.contests.factories import ContestFactory
from tests.contests.factories.entries import leader_of
from tests.contests.factories.judging import JudgeFactory, assign, open_round

pytestmark = pytest.mark.django_db


def test_move_team_records_the_move_audits_and_tells_the_leader(world, boss, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        move = move_team(world.team, world.qingdao, actor=boss, reason="团队所在单位位于青岛")
    world.team.refresh_from_db()
    assert world.team.division == world.qingdao
    assert (move.from_division, move.to_division, move.reason, move.moved_by) == (
        world.jinan,
        world.qingdao,
        "团队所在单位位于青岛",
        boss,
    )
    event = AuditEvent.objects.get(action="team.division_moved")
    assert (event.object_id, event.before, event.after["division"], event.note) == (
        str(world.team.pk),
        {"division": world.jinan.pk},
        world.qingdao.pk,
        "团队所在单位位于青岛",
    )
    assert [m.to for m in mail.outbox] == [[leader_of(world.team).email]]
    assert "青岛分赛区" in mail.outbox[0].subject and "团队所在单位位于青岛" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("who", "reason", "code"),
    [("manager", "调整", "forbidden"), ("boss", "   ", "reason")],
)
def test_move_team_refuses_non_organisers_and_a_missing_reason(world, boss, who, reason, code):
    actor = boss if who == "boss" else world.manager
    with pytest.raises(ContestError) as error:
        move_team(world.team, world.qingdao, actor=actor, reason=reason)
    assert error.value.code == code
    world.team.refresh_from_db()
    assert (world.team.division, TeamDivisionMove.objects.count()) == (world.jinan, 0)


def test_move_team_refuses_the_same_division_and_another_contests_division(world, boss):
    with pytest.raises(ContestError) as same:
        move_team(world.team, world.jinan, actor=boss, reason="重复")
    elsewhere = make_division(ContestFactory(), "yantai", "烟台分赛区")
    with pytest.raises(ContestError) as other:
        move_team(world.team, elsewhere, actor=boss, reason="换届")
    assert (same.value.code, other.value.code) == ("same_division", "other_contest")
    assert TeamDivisionMove.objects.count() == 0


def test_move_team_is_refused_once_an_entry_is_assigned_in_an_open_divisional_round(world, boss):
    round_ = open_round(world.contest, divisional=True)
    assign(round_, world.entry, JudgeFactory(contest=world.contest))
    with pytest.raises(ContestError) as error:
        move_team(world.team, world.qingdao, actor=boss, reason="单位迁址")
    assert error.value.code == "judging_started"
    assert "分配评委或计算结果" in error.value.message
    world.team.refresh_from_db()
    assert world.team.division == world.jinan


def test_move_team_is_refused_once_a_divisional_round_is_computed(world, boss):
    now = timezone.now()
    closed = open_round(
        world.contest, divisional=True, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    RoundResult.objects.create(
        round=closed, entry=world.entry, track=world.track, division=world.jinan, computed_at=now
    )
    with pytest.raises(ContestError) as error:
        move_team(world.team, world.qingdao, actor=boss, reason="单位迁址")
    assert error.value.code == "judging_started"


def test_move_team_is_allowed_when_only_a_provincial_round_or_a_closed_uncomputed_round_has_it(world, boss):
    now = timezone.now()
    provincial = open_round(world.contest, divisional=False)
    assign(provincial, world.entry, JudgeFactory(contest=world.contest))
    closed = open_round(
        world.contest, number=2, divisional=True, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    assign(closed, world.entry, JudgeFactory(contest=world.contest))
    move_team(world.team, world.qingdao, actor=boss, reason="单位迁址")
    world.team.refresh_from_db()
    assert world.team.division == world.qingdao
