"""cms/throttle.py: a sliding window of slots in the cache."""

from datetime import timedelta
from uuid import uuid4

import time_machine
from django.core.cache import cache
from django.utils import timezone

from cms.throttle import allow


def test_allow_counts_uses_in_a_sliding_window(settings):
    settings.THROTTLES = {"demo": (2, 3600)}
    # Slots must expire as the pinned clock moves: local memory reads Python's clock, Redis its own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid4().hex}}
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert allow("demo", "a@example.org") is True
        clock.shift(timedelta(minutes=30))
        assert allow("demo", "A@example.org ") is True  # the same key, however it is spelt
        assert allow("demo", "a@example.org") is False
        assert allow("demo", "b@example.org") is True  # another key has its own slots
        # The first use frees its slot an hour after it was taken, the second one half an hour later.
        clock.shift(timedelta(minutes=31))
        assert allow("demo", "a@example.org") is True
        assert allow("demo", "a@example.org") is False
        clock.shift(timedelta(minutes=30))
        assert allow("demo", "a@example.org") is True


def test_allow_lets_everything_through_when_the_cache_is_unreachable(settings, monkeypatch):
    settings.THROTTLES = {"demo": (1, 3600)}
    # django-redis with IGNORE_EXCEPTIONS (production) answers None when Redis is down.
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: None)
    assert [allow("demo", "a@example.org") for _ in range(3)] == [True, True, True]
