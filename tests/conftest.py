"""Fixtures shared by the whole suite, including the ones that need real services.

A test that needs PostgreSQL, Redis, a Celery worker or Chromium asks for the matching fixture
(``postgres``, ``redis_url``, ``celery_worker``; ``browser``/``page`` in tests/e2e). When the service
is absent the fixture skips the test with the reason; with ``SHUYONG_REQUIRE_SERVICES=1`` (CI's second
pass) it fails instead, so CI can never go green by skipping. Tests using these fixtures are marked
``integration`` or ``e2e`` automatically, so ``-m "not e2e"`` selects reliably.

Every transactional test (``django_db(transaction=True)``, ``transactional_db``, ``live_server``) gets
serialized rollback: it starts from the rows the migrations created, whatever ran before it.

``--fixed-clock=2026-12-06T23:30:00+08:00`` runs every test as if the clock had read that instant when
the test started (it keeps ticking); a test's own ``time_machine.travel`` still wins inside it.
``.ci/clock`` runs the ``clock``-marked tests (the ones about dates) around midnight this way.
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import hypothesis
import pytest
import redis
import time_machine
from django.conf import settings
from django.core.cache import cache

from tests.services import REPO_DIR, REQUIRE_SERVICES, skip_or_fail, subprocess_database_env

TRANSACTIONAL_FIXTURES = frozenset({"transactional_db", "live_server", "django_db_reset_sequences"})
# Fixture name -> marker it implies.
SERVICE_MARKERS = {
    "postgres": "integration",
    "redis_url": "integration",
    "celery_worker": "integration",
    "browser": "e2e",
    "page": "e2e",
}

# Property tests judge correctness, not speed: on CI's two busy cores an example can take longer than
# Hypothesis's defaults allow (its "too slow" health check and 200 ms deadline), which is not a failure.
hypothesis.settings.register_profile("shuyong", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.load_profile("shuyong")


def _aware_instant(text):
    try:
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 time with offset, e.g. 2026-12-06T23:30:00+08:00"
        )
    return instant


def pytest_addoption(parser):
    parser.addoption(
        "--fixed-clock",
        type=_aware_instant,
        metavar="INSTANT",
        help="start every test's clock at INSTANT, an ISO 8601 time with offset, e.g. 2026-12-06T23:30:00+08:00",
    )


@pytest.fixture(autouse=True)
def _fixed_clock(request):
    instant = request.config.getoption("fixed_clock")
    if instant is None:
        yield
        return
    # A timestamp, not the datetime: for a UTC or zoneinfo destination time-machine also switches the
    # process's TZ, which is not the option's business. Ticking, because some code waits for time to
    # pass (polling, timeouts) and rows created one after another should not share a timestamp.
    with time_machine.travel(instant.timestamp(), tick=True):
        yield


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return not TRANSACTIONAL_FIXTURES.isdisjoint(item.fixturenames)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # tryfirst: the markers must exist before pytest's own -m deselection looks at them.
    for item in items:
        for marker in sorted({SERVICE_MARKERS[name] for name in item.fixturenames if name in SERVICE_MARKERS}):
            item.add_marker(marker)
        # Every transactional test restores the migrations' rows (Wagtail's root page, content types,
        # groups) before it starts. Mixing in one that does not breaks the others: its flush runs
        # post_migrate, which recreates content types under new ids, and the next restore collides.
        if _is_transactional(item) and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # A transactional test ends with a flush that leaves the database empty (serialized rollback
    # restores the migrations' rows when the next transactional test starts, not before). pytest-django
    # runs transactional tests last for that reason, but pytest-xdist hands each worker whole files in
    # its own order: put the rows back whenever a test in a transaction comes next, and forget the
    # content types cached under ids the flush removed. After the last test (no next item) the session's
    # fixtures are gone with this teardown, the test database included: nothing to put back.
    result = yield
    if _is_transactional(item) and nextitem is not None and not _is_transactional(nextitem):
        _restore_the_migrations_rows(item.config)
    return result


def _restore_the_migrations_rows(config):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Safety net for skips that bypass skip_or_fail (pytest.importorskip, a bare pytest.skip).
    report = yield
    is_service_test = item.get_closest_marker("integration") or item.get_closest_marker("e2e")
    if REQUIRE_SERVICES and is_service_test and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped although SHUYONG_REQUIRE_SERVICES=1: {report.longrepr}"
    return report


def _clear_cache():
    if hasattr(cache, "delete_pattern"):
        # django-redis: delete our keys only. clear() would FLUSHDB, taking the Celery broker's queues
        # and results (same Redis database) away from a running worker.
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _chinese_to_begin_with():
    # A request activates its language in the thread and leaves it there (as Django's LocaleMiddleware
    # does); a test that follows an /en/ request must not start out in English.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _isolated_cache():
    # With REDIS_URL set (CI), the cache outlives a test; start each one clean.
    _clear_cache()
    yield
    _clear_cache()


@pytest.fixture
def demo_site(db):
    """The ground-floor demo tree: home page, about page, site settings, admin and editor."""
    from cms.demo import load_site

    load_site(None, {})
    from cms.models import HomePage

    return HomePage.objects.get()


@pytest.fixture(scope="session")
def postgres():
    """The suite runs on PostgreSQL (DATABASE_URL=postgres://…)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip_or_fail("needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name")


@pytest.fixture(scope="session")
def redis_url():
    """The REDIS_URL the settings use, after checking that the server answers."""
    if not settings.REDIS_URL:
        skip_or_fail("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/<db>")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        skip_or_fail(f"needs Redis: {settings.REDIS_URL} does not answer ({exc})")
    return settings.REDIS_URL


class CeleryWorker:
    """A real ``celery -A cms worker`` subprocess consuming one private queue."""

    READY_TIMEOUT = 60
    STOP_TIMEOUT = 30

    def __init__(self, broker_url, queue, log_path):
        self.broker_url = broker_url
        self.queue = queue
        self.log_path = log_path
        self.process = None

    def start(self):
        env = {
            **os.environ,
            **subprocess_database_env(),
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "CELERY_BROKER_URL": self.broker_url,
            "PYTHONUNBUFFERED": "1",
        }
        command = [sys.executable, "-m", "celery", "-A", "cms", "worker", "--loglevel=INFO"]
        # One prefork child, as in production but small; a private queue and node name, so that two
        # test sessions sharing a Redis database never take each other's tasks.
        command += ["--pool=prefork", "--concurrency=1", "-Q", self.queue, "-n", f"{self.queue}@%h"]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=REPO_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Celery worker exited with {self.process.returncode}:\n{self.log()}", pytrace=False)
            if " ready." in self.log():
                return
            time.sleep(0.2)
        self.process.kill()
        pytest.fail(f"Celery worker not ready after {self.READY_TIMEOUT} s:\n{self.log()}", pytrace=False)

    def stop(self):
        """Warm shutdown (SIGTERM): the worker finishes its current task, then exits 0."""
        self.process.terminate()
        try:
            returncode = self.process.wait(timeout=self.STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"Celery worker ignored SIGTERM for {self.STOP_TIMEOUT} s:\n{self.log()}", pytrace=False)
        if returncode != 0:
            pytest.fail(f"Celery worker exited with {returncode} on SIGTERM:\n{self.log()}", pytrace=False)

    def log(self):
        return Path(self.log_path).read_text(errors="replace")


@pytest.fixture(scope="session")
def _celery_worker_process(redis_url, django_db_setup, tmp_path_factory):
    from cms.celery import app

    queue = f"shuyong-test-{uuid.uuid4().hex[:12]}"
    worker = CeleryWorker(app.conf.broker_url, queue, tmp_path_factory.mktemp("celery") / "worker.log")
    worker.start()
    yield worker
    if worker.process.poll() is None:
        worker.stop()
    # The private queue's bindings would otherwise pile up in the broker, one set per session.
    broker = redis.Redis.from_url(worker.broker_url)
    leftovers = list(broker.scan_iter(match=f"*{queue}*"))
    if leftovers:
        broker.delete(*leftovers)


@pytest.fixture
def celery_worker(_celery_worker_process):
    """A running worker; during the test, tasks go to it instead of running in-process.

    The worker shares the test database on PostgreSQL only, and sees rows only after they are
    committed: tests whose tasks read the database need ``transactional_db``.
    """
    from cms.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = _celery_worker_process.queue
    yield _celery_worker_process
    app.conf.task_always_eager, app.conf.task_default_queue = saved


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open_when_a_response_is_closed():
    # Closing a streamed response (FileResponse) sends request_finished, whose close_old_connections
    # handler would close PostgreSQL's connection in the middle of the test's transaction. Django's
    # test client disconnects it during requests for the same reason; a test closes responses later.
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    yield
    request_finished.connect(close_old_connections)
