"""A real Celery worker killed (SIGKILL) in the middle of an export: the job row, not the message,
is the truth. The dead worker leaves a RUNNING job with a stale heartbeat and no file; the stale
check re-queues it; a fresh worker runs it to the end as a second attempt.

Own worker processes (not the shared ``celery_worker`` fixture, which other tests still need):
each is started in its own session so that SIGKILL reaches the pool child as well as the parent.
Needs PostgreSQL (the worker shares the test database) and Redis; marked ``integration``.
"""

import datetime
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contests.models import Contest, Entry, ExportJob, Team, Track
from contests.services.exports import jobs
from tests.services import REPO_DIR, subprocess_database_env

ENTRIES = 30_000
pytestmark = [pytest.mark.integration]


class ExportWorker:
    READY_TIMEOUT = 90

    def __init__(self, broker_url, queue, media_root, log_path):
        self.broker_url, self.queue, self.media_root, self.log_path = broker_url, queue, media_root, log_path
        self.process = None

    def start(self):
        env = {
            **os.environ,
            **subprocess_database_env(),
            # The development settings read PRIVATE_MEDIA_ROOT from the environment (the test
            # settings make their own temporary folder), so the test can look at what was stored.
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "PRIVATE_MEDIA_ROOT": str(self.media_root),
            "MEDIA_ROOT": str(self.media_root / "public"),
            "CELERY_BROKER_URL": self.broker_url,
            "PYTHONUNBUFFERED": "1",
        }
        command = [sys.executable, "-m", "celery", "-A", "cms", "worker", "--loglevel=INFO", "--pool=prefork"]
        command += ["--concurrency=1", "-Q", self.queue, "-n", f"{self.queue}-{uuid.uuid4().hex[:6]}@%h"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + self.READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"worker exited with {self.process.returncode}:\n{self.log()}", pytrace=False)
            if " ready." in self.log():
                return
            time.sleep(0.2)
        self.kill()
        pytest.fail(f"worker not ready after {self.READY_TIMEOUT} s:\n{self.log()}", pytrace=False)

    def kill(self):
        """SIGKILL to the whole process group: the parent and the pool child die at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self):
        return Path(self.log_path).read_text(errors="replace")


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout} s waiting for {what}", pytrace=False)


def big_contest():
    user = get_user_model().objects.create_user(email="organiser@example.org", password=None, is_superuser=True)
    now = timezone.now()
    contest = Contest.objects.create(
        name="压力测试大赛", slug="stress", year=2026, registration_opens=now, registration_closes=now,
        submission_deadline=now + datetime.timedelta(days=1), judging_starts=now + datetime.timedelta(days=1),
        judging_ends=now + datetime.timedelta(days=2), results_date=now + datetime.timedelta(days=3),
    )  # fmt: skip
    track = Track.objects.create(contest=contest, name="智慧养老", slug="elderly")
    team = Team.objects.create(contest=contest, name="压力队", created_by=user)
    text = "基于共享数据的养老服务精准匹配，汇聚民政、卫健、医保数据。" * 8
    Entry.objects.bulk_create(
        (
            Entry(contest=contest, track=track, team=team, title=f"作品{i}", abstract=text, approach=text,
                  status="submitted", created_by=user, updated_by=user)
            for i in range(ENTRIES)
        ),
        batch_size=2000,
    )  # fmt: skip
    return contest, user


@pytest.fixture
def worker_factory(redis_url, postgres, tmp_path):
    from cms.celery import app

    queue = f"shuyong-export-test-{uuid.uuid4().hex[:12]}"
    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    started = []

    def start():
        worker = ExportWorker(app.conf.broker_url, queue, tmp_path / "private", tmp_path / "worker.log")
        worker.start()
        started.append(worker)
        return worker

    begun = time.time()
    yield start
    for worker in started:
        worker.stop()
    app.conf.task_always_eager, app.conf.task_default_queue = saved
    # The killed worker's half-written temporary file (the beat cleanup would remove it after a day).
    for path in Path(tempfile.gettempdir()).glob(f"{jobs.TEMP_PREFIX}*.xlsx"):
        if path.stat().st_mtime >= begun:
            path.unlink(missing_ok=True)


def test_a_worker_killed_mid_export_leaves_no_file_and_the_job_is_recovered(
    worker_factory, transactional_db, tmp_path, client
):
    contest, organiser = big_contest()
    first = worker_factory()
    started = time.time()

    job = jobs.request_export(contest=contest, kind="entries", user=organiser)

    # Mid-export: claimed, and at least one progress heartbeat written, but not finished.
    wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status="running", progress_done__gt=0).exists(),
        timeout=120,
        what="the worker to be half-way through the export",
    )
    first.kill()
    connection.close()  # fresh connection: nothing cached from before the kill

    job.refresh_from_db()
    assert job.status == "running"
    assert 0 < job.progress_done < job.progress_total == ENTRIES
    assert (job.file.name, job.attempts) == ("", 1)
    # The half-written workbook exists only as the dead worker's temporary file…
    temporary = [
        p for p in Path(tempfile.gettempdir()).glob(f"{jobs.TEMP_PREFIX}*.xlsx") if p.stat().st_mtime >= started
    ]
    assert len(temporary) == 1
    # …and nothing is offered: no stored file, and the download is a 404.
    assert not (tmp_path / "private" / "exports").exists() or list((tmp_path / "private" / "exports").iterdir()) == []
    client.force_login(organiser)
    assert client.get(reverse("contests:export_download", args=[job.pk])).status_code == 404

    # Before the heartbeat is stale the job is left alone; after it, the periodic check re-queues it.
    assert jobs.recover_stale_jobs() == ([], [])
    later = timezone.now() + jobs.STALE_AFTER + datetime.timedelta(seconds=1)
    assert jobs.recover_stale_jobs(now=later) == ([job.pk], [])
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.error) == ("queued", 0, "执行导出的进程已中断，已重新排队。")

    # A new worker takes the re-sent message and finishes the export as attempt 2.
    worker_factory()
    wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists(),
        timeout=300,
        what="the re-queued export to finish",
    )
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress_done) == ("done", 2, ENTRIES)
    stored = tmp_path / "private" / job.file.name
    assert sorted(p.name for p in stored.parent.iterdir()) == [f"{job.uuid}.xlsx"]
    workbook = openpyxl.load_workbook(stored, read_only=True)
    assert sum(1 for _row in workbook["作品"].iter_rows(values_only=True)) == ENTRIES + 1
    workbook.close()
