"""A divisional round is scored in each division's own first-round window (分赛区初赛时间), on the server:
a 济南 judge cannot score after 济南's window closed even while the round itself is still open, and a
青岛 judge (no window of its own) follows the round's dates."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from contests.rules import can_score
from contests.services.judging.scoring import ScoreRefused, check_can_score
from tests.contests.factories.judging import assign

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 9, 10, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture
def windows(provincial):
    first = provincial.first
    first.opens_at, first.closes_at = NOON - timedelta(days=5), NOON + timedelta(days=10)
    first.save(update_fields=["opens_at", "closes_at"])
    jinan = provincial.jinan
    jinan.first_round_opens, jinan.first_round_closes = NOON - timedelta(days=2), NOON + timedelta(days=1)
    jinan.save(update_fields=["first_round_opens", "first_round_closes"])
    jinan_assignment = assign(first, provincial.entries["jinan"][0], provincial.judges["jinan"][0])
    qingdao_assignment = assign(first, provincial.entries["qingdao"][0], provincial.judges["qingdao"][0])
    return jinan_assignment, qingdao_assignment


def test_inside_both_windows_everyone_may_score(windows):
    jinan, qingdao = windows
    with time_machine.travel(NOON, tick=False):
        check_can_score(jinan)
        check_can_score(qingdao)
        assert can_score(jinan.judge.user, jinan) and can_score(qingdao.judge.user, qingdao)


def test_after_the_divisions_window_its_judges_are_refused_while_the_round_is_open(windows):
    jinan, qingdao = windows
    with time_machine.travel(NOON + timedelta(days=2), tick=False):
        with pytest.raises(ScoreRefused) as refused:
            check_can_score(jinan)
        assert refused.value.code == "round_closed"
        assert "2026-09-11 12:00" in str(refused.value)  # 济南's own closing time, in Beijing time
        assert not can_score(jinan.judge.user, jinan)
        check_can_score(qingdao)  # 青岛 has no window of its own: the round's dates
        assert can_score(qingdao.judge.user, qingdao)


def test_before_the_divisions_window_opens_its_judges_wait(windows):
    jinan, _qingdao = windows
    with time_machine.travel(NOON - timedelta(days=3), tick=False), pytest.raises(ScoreRefused):
        check_can_score(jinan)
