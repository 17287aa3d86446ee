"""Rate limits for actions that send e-mail, kept in the cache (limits: ``settings.THROTTLES``).

``allow(kind, key)`` records one use of ``kind`` by ``key`` (an e-mail address, a client address, a
user id) and says whether it is within ``THROTTLES[kind] = (count, seconds)``. Each use takes one of
``count`` slots that frees itself ``seconds`` after it was taken: a sliding window, never more than
``count`` uses in any ``seconds``. Taking a slot is ``cache.add``, which only one of several
concurrent requests can win, so a burst of parallel requests cannot overshoot either.

A cache that cannot be reached (django-redis with IGNORE_EXCEPTIONS answers None) allows everything:
an outage of the cache must not stop sign-ups and password resets.
"""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache


def allow(kind, key):
    count, seconds = settings.THROTTLES[kind]
    # Hashed: e-mail addresses stay out of the cache's keys.
    digest = hashlib.sha256(str(key).strip().lower().encode()).hexdigest()[:32]
    for slot in range(count):
        taken = cache.add(f"throttle:{kind}:{digest}:{slot}", 1, timeout=seconds)
        if taken or taken is None:
            return True
    return False


def client_address(request):
    """The client's address as the failed-login lockouts see it (``AXES_CLIENT_IP_CALLABLE`` behind the proxy)."""
    return get_client_ip_address(request) or ""
