"""Faults survived by the production stack: Redis stopped, the database restarted, the mail server
unreachable. gunicorn and a Celery worker run with production settings (tests/integration/
fault_settings.py) against the test database; the faults are made with private processes
(tests/integration/fault_tools.py), never by stopping the shared PostgreSQL or Redis.

For each fault: pages answer with the normal page or our error page, never a traceback; /healthz
names the failing part; nothing saved is lost; the site recovers by itself when the part comes back.
Needs PostgreSQL (the production settings refuse anything else) and redis-server; marked integration.
"""

import json
import shutil
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from cms.models import PendingTask
from contests.models import Entry, EntryRevision
from contests.services.entries import content_of
from tests.contests.factories.entries import leader_of, ready_entry
from tests.integration.fault_tools import RedisServer, Site, SmtpSink, TcpProxy, Worker, free_port, wait_for
from tests.services import REPO_DIR, production_env, skip_or_fail, subprocess_database_env

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ERROR_PAGE = "服务暂时不可用"
# What Django's technical error page or a bare traceback would show.
LEAKS = ("Traceback", "Exception Value", 'File "/', "psycopg", "redis.exceptions", "SECRET_KEY")


class Faults:
    def __init__(self, redis, proxy, site, smtp_port, env, folder):
        self.redis, self.proxy, self.site, self.smtp_port = redis, proxy, site, smtp_port
        self.env, self.folder = env, folder

    def healthz(self, details=False):
        response, body = self.site.get("/healthz")
        checks = json.loads(body)["checks"]
        if details:
            return {name: check["detail"] for name, check in checks.items()}
        return response.status, {name: check["ok"] for name, check in checks.items()}


@pytest.fixture(scope="module")
def faults(postgres, django_db_setup, tmp_path_factory):
    if shutil.which("redis-server") is None:
        skip_or_fail("needs redis-server (Debian package redis-server) for a private, killable Redis")
    folder = tmp_path_factory.mktemp("faults")
    redis_server = RedisServer()
    proxy, proxied_database_url = database_proxy()
    smtp_port = free_port()  # nothing listens there until a test starts the sink
    env = production_env(
        DJANGO_SETTINGS_MODULE="tests.integration.fault_settings",
        # The test's own key: the sessions it writes to the database are valid for the server.
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=proxied_database_url,
        REDIS_URL=redis_server.url,
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        # Seconds instead of minutes between attempts to send an e-mail.
        EMAIL_RETRY_BACKOFF="1",
        EMAIL_RETRY_BACKOFF_MAX="2",
        PYTHONUNBUFFERED="1",
    )
    site = Site(env, folder / "gunicorn.log")
    redis_server.start()
    proxy.start()
    try:
        site.start()
        yield Faults(redis_server, proxy, site, smtp_port, env, folder)
    finally:
        site.stop()
        proxy.stop()
        redis_server.kill()


def database_proxy():
    """A proxy in front of the test database, and the DATABASE_URL that goes through it."""
    db = settings.DATABASES["default"]
    host, port = db["HOST"] or "localhost", int(db["PORT"] or 5432)
    proxy = TcpProxy(host, port)
    direct = subprocess_database_env()["DATABASE_URL"]
    proxied = direct.replace(f"@{host}:{port}/", f"@127.0.0.1:{proxy.port}/")
    assert proxied != direct, f"cannot route {direct} through the proxy"
    return proxy, proxied


def session_for(user):
    """A logged-in session written straight to the database, as the server's cached_db store reads it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def assert_no_traceback(body):
    assert [leak for leak in LEAKS if leak in body] == []


def submit_url(entry):
    return reverse("contests:entry_submit", kwargs={"uuid": entry.uuid})


def receipt_url(revision):
    return reverse("contests:entry_receipt", kwargs={"uuid": revision.entry.uuid, "code": revision.receipt_code})


def draft_form(entry, **changes):
    content = {**content_of(entry), **changes}
    return {**{name: value for name, value in content.items() if value is not None}, "version": entry.version}


# --- Redis stopped --------------------------------------------------------------------------------


def test_redis_down_pages_still_answer_and_healthz_names_cache_and_broker(faults, demo_site):
    entry = ready_entry()
    session = session_for(leader_of(entry.team))
    pages = {"/": None, "/about/": None, "/accounts/login/": None, "/portal/": session}
    with_redis = {path: faults.site.get(path, session=cookie)[0].status for path, cookie in pages.items()}
    assert faults.healthz() == (200, {"database": True, "cache": True, "broker": True})

    faults.redis.kill()
    without_redis = {}
    for path, cookie in pages.items():
        response, body = faults.site.get(path, session=cookie)
        without_redis[path] = response.status
        assert_no_traceback(body)
    # The cache is a help, not a need: pages come from the database; the session too (cached_db).
    assert with_redis == without_redis == {"/": 200, "/about/": 200, "/accounts/login/": 200, "/portal/": 200}
    _response, portal = faults.site.get("/portal/", session=session)
    assert entry.team.name in portal
    assert faults.healthz() == (503, {"database": True, "cache": False, "broker": False})
    refused = f"Error 111 connecting to 127.0.0.1:{faults.redis.port}. Connection refused."
    assert faults.healthz(details=True) == {
        "database": "postgresql",
        "cache": f"ConnectionError: {refused}",
        "broker": f"OperationalError: {refused}",
    }

    faults.redis.start()
    assert faults.healthz() == (200, {"database": True, "cache": True, "broker": True})


def test_redis_down_a_submission_is_saved_and_answered_at_once(faults, demo_site):
    entry, other = ready_entry(), ready_entry()
    session, other_session = session_for(leader_of(entry.team)), session_for(leader_of(other.team))
    faults.redis.kill()
    try:
        started = time.monotonic()
        response, _body = faults.site.post(
            submit_url(entry), {"version": entry.version, "confirm": "yes"}, session=session
        )
        elapsed = time.monotonic() - started
    finally:
        faults.redis.start()
    revision = EntryRevision.objects.get(entry=entry)
    # Saved, and the user is told so: no error page for a submission that went through, and no wait
    # for the result store (task results are not kept). The receipt task waits in the outbox.
    assert (response.status, response.getheader("Location")) == (302, receipt_url(revision))
    assert elapsed < 10, f"the submission took {elapsed:.1f} s with Redis down"
    parked = PendingTask.objects.get()
    assert (parked.task_name, parked.kwargs) == ("contests.send_submission_receipt", {"entry_revision_id": revision.pk})

    # Redis is back: the same gunicorn worker queues the next receipt again.
    response, _body = faults.site.post(
        submit_url(other), {"version": other.version, "confirm": "yes"}, session=other_session
    )
    other_revision = EntryRevision.objects.get(entry=other)
    assert (response.status, response.getheader("Location")) == (302, receipt_url(other_revision))
    assert faults.redis.take_queued() == [
        ("contests.send_submission_receipt", {"entry_revision_id": other_revision.pk})
    ]
    # And the parked receipt goes out at the outbox's next pass (beat runs it every 30 s).
    flushed = subprocess.run(
        [sys.executable, "manage.py", "flush_pending_tasks"], cwd=REPO_DIR, env=faults.env,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert "sent 1, left 0" in flushed.stdout
    assert faults.redis.take_queued() == [("contests.send_submission_receipt", {"entry_revision_id": revision.pk})]
    assert PendingTask.objects.count() == 0


def test_redis_restarted_during_a_submission_its_receipt_is_still_queued(faults, demo_site):
    entry = ready_entry()
    session = session_for(leader_of(entry.team))
    faults.redis.kill()
    # Back after 2.5 s (Celery alone gives up after ~0.8 s), while the server still tries to send the receipt task.
    restart = threading.Timer(2.5, faults.redis.start)
    restart.start()
    try:
        response, _body = faults.site.post(
            submit_url(entry), {"version": entry.version, "confirm": "yes"}, session=session
        )
    finally:
        restart.join()
    revision = EntryRevision.objects.get(entry=entry)
    assert (response.status, response.getheader("Location")) == (302, receipt_url(revision))
    assert faults.redis.take_queued() == [("contests.send_submission_receipt", {"entry_revision_id": revision.pk})]


# --- the database restarted -----------------------------------------------------------------------


def test_database_cut_shows_the_error_page_and_recovers_with_the_draft_intact(faults, demo_site):
    entry = ready_entry()
    session = session_for(leader_of(entry.team))
    edit_url = reverse("contests:entry_edit", kwargs={"uuid": entry.uuid})
    detail_url = reverse("contests:entry_detail", kwargs={"uuid": entry.uuid})
    response, _body = faults.site.post(edit_url, draft_form(entry, title="断库之前保存的标题"), session=session)
    assert (response.status, response.getheader("Location")) == (302, detail_url)
    entry.refresh_from_db()
    saved = (entry.title, entry.version)
    assert saved == ("断库之前保存的标题", 2)

    faults.proxy.cut()
    try:
        cut = {}
        for label, method, path, data in [
            ("detail", "GET", detail_url, None),
            ("home", "GET", "/", None),
            ("save", "POST", edit_url, draft_form(entry, title="断库期间的修改")),
        ]:
            response, body = faults.site.request(method, path, session=session, data=data)
            cut[label] = (response.status, ERROR_PAGE in body)
            assert_no_traceback(body)
        assert cut == {"detail": (500, True), "home": (500, True), "save": (500, True)}
        assert faults.healthz() == (503, {"database": False, "cache": True, "broker": True})
        refused = f'connection to server at "127.0.0.1", port {faults.proxy.port} failed: Connection refused'
        assert faults.healthz(details=True)["database"].startswith(f"OperationalError: connection failed: {refused}")
    finally:
        faults.proxy.restore()

    # The same gunicorn worker reconnects by itself (CONN_HEALTH_CHECKS); nothing was restarted.
    response, body = faults.site.get(detail_url, session=session)
    assert (response.status, "断库之前保存的标题" in body, "断库期间的修改" in body) == (200, True, False)
    entry.refresh_from_db()
    assert (entry.title, entry.version) == saved
    assert faults.healthz() == (200, {"database": True, "cache": True, "broker": True})
    assert faults.site.log().count("Booting worker") == 1


# --- the mail server unreachable ------------------------------------------------------------------


@pytest.fixture(scope="module")
def worker(faults):
    """A worker with production settings, reaching PostgreSQL through a proxy of its own."""
    proxy, database_url = database_proxy()
    worker = Worker({**faults.env, "DATABASE_URL": database_url}, faults.folder / "worker.log")
    worker.proxy = proxy
    proxy.start()
    try:
        worker.start()
        yield worker
    finally:
        worker.stop()
        proxy.stop()


def test_smtp_unreachable_submission_succeeds_and_the_receipt_arrives_once_mail_is_back(faults, worker, demo_site):
    entry = ready_entry()
    session = session_for(leader_of(entry.team))
    response, _body = faults.site.post(submit_url(entry), {"version": entry.version, "confirm": "yes"}, session=session)
    revision = EntryRevision.objects.get(entry=entry)
    assert (response.status, response.getheader("Location")) == (302, receipt_url(revision))
    assert Entry.objects.get(pk=entry.pk).status == "submitted"

    # The worker tries, finds no mail server, and schedules another attempt.
    wait_for(lambda: "Retry in" in worker.log(), 30, lambda: f"no retry scheduled:\n{worker.log()}")
    sink = SmtpSink(faults.smtp_port)
    sink.start()
    try:
        members = sorted(entry.team.memberships.values_list("user__email", flat=True))
        wait_for(lambda: len(sink.messages) >= len(members), 30, lambda: f"receipt not sent:\n{worker.log()}")
        received = sorted(
            (str(message["To"]), revision.receipt_code in str(message["Subject"])) for message in sink.messages
        )
        assert received == [(address, True) for address in members]
    finally:
        sink.stop()


def test_worker_reconnects_after_redis_restarts_and_runs_what_is_queued_then(faults, worker, demo_site):
    entry = ready_entry()
    session = session_for(leader_of(entry.team))
    faults.redis.kill()
    faults.redis.start()  # empty: what was queued is gone, as after a restart without persistence
    sink = SmtpSink(faults.smtp_port)
    sink.start()
    try:
        response, _body = faults.site.post(
            submit_url(entry), {"version": entry.version, "confirm": "yes"}, session=session
        )
        assert response.status == 302
        members = sorted(entry.team.memberships.values_list("user__email", flat=True))
        wait_for(lambda: len(sink.messages) >= len(members), 60, lambda: f"receipt not sent:\n{worker.log()}")
        assert sorted(str(message["To"]) for message in sink.messages) == members
    finally:
        sink.stop()


def test_database_cut_under_the_worker_the_receipt_is_retried_and_sent_after(faults, worker, demo_site):
    entry = ready_entry()
    session = session_for(leader_of(entry.team))
    sink = SmtpSink(faults.smtp_port)
    sink.start()
    worker.proxy.cut()
    try:
        retries_before = worker.log().count("Retry in")
        response, _body = faults.site.post(
            submit_url(entry), {"version": entry.version, "confirm": "yes"}, session=session
        )
        assert response.status == 302
        # The worker cannot read the revision: the task is retried instead of failing for good.
        wait_for(lambda: worker.log().count("Retry in") > retries_before, 30, lambda: f"no retry:\n{worker.log()}")
        assert "OperationalError" in worker.log().rsplit("Retry in", 1)[1].splitlines()[0]
        worker.proxy.restore()
        members = sorted(entry.team.memberships.values_list("user__email", flat=True))
        wait_for(lambda: len(sink.messages) >= len(members), 60, lambda: f"receipt not sent:\n{worker.log()}")
        assert sorted(str(message["To"]) for message in sink.messages) == members
    finally:
        worker.proxy.restore()
        sink.stop()
