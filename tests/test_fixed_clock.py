"""The suite's --fixed-clock option (tests/conftest.py): each test starts at the instant, and a test's
own time travel still wins inside it."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.clock


def test_a_tests_own_travel_wins_and_the_clock_comes_back_after_it(request):
    started = timezone.now()
    instant = request.config.getoption("fixed_clock")
    if instant is not None:
        assert instant <= started < instant + dt.timedelta(minutes=1)
    with time_machine.travel(dt.datetime(2030, 6, 30, 17, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        assert timezone.now() == dt.datetime(2030, 6, 30, 9, tzinfo=dt.UTC)
    assert started <= timezone.now() < started + dt.timedelta(minutes=1)
