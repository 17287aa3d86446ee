"""Fixtures of the SMS tests: the test backend's outbox, emptied, and a pinned clock."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from contests.services import sms

NOW = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


class PinnedClock:
    """time-machine's traveller at NOW. On Redis (CI) a cached rate-limit slot lives by the server's
    clock, which the pinned clock cannot move: ``shift`` also shortens the slots' lives by as much,
    dropping those it outlived, as the in-memory cache (which reads the pinned clock) does by itself."""

    def __init__(self, traveller):
        self.traveller = traveller

    def shift(self, delta):
        self.traveller.shift(delta)
        if hasattr(cache, "ttl"):
            for key in cache.keys("throttle:*"):
                left = (cache.ttl(key) or 0) - delta.total_seconds()
                if left > 0:
                    cache.expire(key, int(left))
                else:
                    cache.delete(key)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield PinnedClock(traveller)
