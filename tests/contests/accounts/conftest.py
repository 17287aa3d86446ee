"""Fixtures of the SMS tests: the test backend's outbox, emptied, and a pinned clock."""

import datetime as dt

import pytest
import time_machine

from contests.services import sms

NOW = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
