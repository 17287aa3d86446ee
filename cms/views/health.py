"""/healthz: a JSON report of the parts the site needs, for load balancers and operators."""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from cms.registry import health_checks


def _timed(check):
    """Run one check: it returns its detail (a string) or raises (contract: cms.registry.health_checks)."""
    started = time.perf_counter()
    try:
        detail = check()
        if detail is not None and not isinstance(detail, str):
            raise TypeError(
                f"a health check returns its detail as a string and raises on failure, got {type(detail).__name__}"
            )
        ok = True
    except Exception as exc:  # any failure of a dependency is reported, never raised
        ok, detail = False, f"{type(exc).__name__}: {exc}"[:300]
    return {"ok": ok, "detail": detail or "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _check_cache():
    if hasattr(cache, "client"):
        # django-redis: ask the server itself, since production ignores the cache's errors (IGNORE_EXCEPTIONS).
        cache.client.get_client(write=True).ping()
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("value written to the cache could not be read back")
    cache.delete(key)
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


# A probe must answer quickly even when the broker hangs rather than refuses: bound the connect,
# every socket read and the whole attempt, and do not retry.
BROKER_TIMEOUT = 2


def _check_broker():
    from cms.celery import app

    timeouts = {"socket_connect_timeout": BROKER_TIMEOUT, "socket_timeout": BROKER_TIMEOUT}
    with app.connection_for_write(connect_timeout=BROKER_TIMEOUT, transport_options=timeouts) as conn:
        conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
    return "reachable"


@never_cache
def healthz(request):
    checks = {"database": _timed(_check_database), "cache": _timed(_check_cache)}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _timed(_check_broker)
    for name, check in health_checks.items():
        checks[name] = _timed(check)
    healthy = all(item["ok"] for item in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
