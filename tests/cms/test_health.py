import json
import socket
import time

import pytest
from django.core.cache import cache
from django.db import connection

from cms.registry import health_checks


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["database"]["detail"] == connection.vendor
    assert body["checks"]["cache"]["ok"] is True


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_cache_when_it_fails(client, monkeypatch):
    def broken_set(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "set", broken_set)
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["cache"]["ok"] is False
    assert "cache unreachable" in body["checks"]["cache"]["detail"]
    assert body["checks"]["database"]["ok"] is True


@pytest.fixture
def broker_url(settings):
    """Point the health check at another broker for one test.

    The Celery app reads its configuration from Django's settings on every access, so the settings
    fixture moves it too and puts it back afterwards. (Patching ``app.conf`` as well would pin the
    test's URL there for good: its "old" value is read through the already changed settings.)
    """

    def point(url):
        settings.CELERY_BROKER_URL = url

    return point


@pytest.fixture
def silent_port():
    """A local port that accepts connections but never answers, like a hung broker."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_broker_when_it_refuses_connections(client, broker_url):
    broker_url("redis://127.0.0.1:6390/0")
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["broker"]["ok"] is False
    assert "127.0.0.1:6390" in body["checks"]["broker"]["detail"]
    assert (body["checks"]["database"]["ok"], body["checks"]["cache"]["ok"]) == (True, True)
    assert elapsed <= 3


@pytest.mark.django_db
def test_healthz_gives_up_on_a_hung_broker_within_3_seconds(client, broker_url, silent_port):
    broker_url(f"redis://127.0.0.1:{silent_port}/0")
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["checks"]["broker"]["ok"] is False
    assert "Timeout" in body["checks"]["broker"]["detail"]
    assert elapsed <= 3


@pytest.fixture
def registered_check(monkeypatch):
    """Register a health check for one test only."""
    monkeypatch.setattr(health_checks, "_entries", dict(health_checks._entries))

    def register(name, func):
        health_checks.register(name)(func)

    return register


@pytest.mark.django_db
def test_healthz_answers_503_with_a_failing_registered_checks_name_and_detail(client, registered_check):
    def search_index_answers():
        raise RuntimeError("search index unreachable")

    registered_check("search_index", search_index_answers)
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert (response.status_code, body["status"]) == (503, "error")
    assert (body["checks"]["search_index"]["ok"], body["checks"]["search_index"]["detail"]) == (
        False,
        "RuntimeError: search index unreachable",
    )
    assert (body["checks"]["database"]["ok"], body["checks"]["cache"]["ok"]) == (True, True)


@pytest.mark.django_db
def test_healthz_answers_200_with_a_passing_registered_checks_detail(client, registered_check):
    registered_check("search_index", lambda: "12 documents")
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert (response.status_code, body["status"]) == (200, "ok")
    assert (body["checks"]["search_index"]["ok"], body["checks"]["search_index"]["detail"]) == (True, "12 documents")


@pytest.mark.django_db
def test_healthz_fails_a_check_that_returns_something_other_than_its_detail(client, registered_check):
    # The registry once documented (name, ok, detail) tuples; such a check must not pass unnoticed.
    registered_check("search_index", lambda: ("search_index", False, "index missing"))
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["checks"]["search_index"]["ok"] is False
    assert body["checks"]["search_index"]["detail"] == (
        "TypeError: a health check returns its detail as a string and raises on failure, got tuple"
    )
