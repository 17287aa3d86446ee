"""A version number kept in the cache, for keys that go stale all at once: a change bumps the version,
every key built with the old number is never read again and simply expires. The showcase
(scenes.cache) and the search suggestions (cms.search.cache) each keep one."""

from django.conf import settings
from django.core.cache import cache


def cache_is_shared():
    """Whether every process sees the same cache (Redis), so that a bumped version reaches them all
    at once. A local-memory cache is per process: what it keeps must expire soon instead."""
    backend = settings.CACHES["default"]["BACKEND"].lower()
    return "locmem" not in backend and "dummy" not in backend


class CacheVersion:
    def __init__(self, key):
        self.key = key

    def current(self):
        return current_versions([self.key])[self.key]

    def bump(self):
        try:
            cache.incr(self.key)
        except ValueError:  # evicted or never set: any value other than the old one will do
            cache.set(self.key, self.current() + 1, timeout=None)


def current_versions(keys):
    """{key: version} of several CacheVersion counters in one cache read (a counter seen for the
    first time, or evicted, starts at 1; a cache that is down answers 1 for each)."""
    found = {key: value for key, value in (cache.get_many(keys) or {}).items() if value is not None}
    for key in keys:
        if key not in found:
            cache.add(key, 1, timeout=None)
            found[key] = cache.get(key, 1)
    return found
