"""The export job lifecycle: claim once, atomic file, progress throttling, retries, stale workers,
expiry, audit and the command line."""

import datetime
import os
import tempfile
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from contests.models import AuditEvent, ExportJob, ExportStatus
from contests.services.exports import build_workbook, jobs
from contests.tasks.exports import task_expire_exports, task_recover_stale_exports, task_run_export
from tests.contests.factories import ContestFactory, UserFactory
from tests.contests.factories.exports import ExportEntryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def contest():
    return ContestFactory(name="2026数据应用创新大赛", slug="c2026")


@pytest.fixture
def job(contest):
    ExportEntryFactory.create_batch(3, team__contest=contest, contest=contest)
    return ExportJob.objects.create(contest=contest, kind="entries", requested_by=UserFactory())


def stored_files():
    storage = ExportJob._meta.get_field("file").storage
    try:
        return sorted(storage.listdir("exports")[1])
    except FileNotFoundError:
        return []


def temp_files():
    return sorted(p.name for p in Path(tempfile.gettempdir()).glob(f"{jobs.TEMP_PREFIX}*.xlsx"))


def test_run_export_job_writes_the_file_and_marks_the_job_done(job):
    assert jobs.run_export_job(job.pk, worker="w1") == ExportStatus.DONE

    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress_done, job.progress_total) == ("done", 1, 3, 3)
    assert job.row_counts == {"作品": 3}
    assert job.filename.startswith("2026数据应用创新大赛-作品-")
    assert job.expires_at == job.finished_at + datetime.timedelta(days=7)
    with job.file.open("rb") as handle:
        assert openpyxl.load_workbook(handle)["作品"].max_row == 4
    assert job.size == job.file.size


def test_the_file_is_named_after_the_contest_the_content_and_the_beijing_time(job):
    # 16:30 UTC on 6 December is 00:30 on 7 December in Beijing.
    with time_machine.travel(datetime.datetime(2026, 12, 6, 16, 30, tzinfo=datetime.UTC), tick=False):
        jobs.run_export_job(job.pk)
    job.refresh_from_db()
    assert job.filename == "2026数据应用创新大赛-作品-20261207-0030.xlsx"


def test_a_redelivered_message_does_not_run_the_job_twice(job):
    built = []

    def counting_build(*args, **kwargs):
        built.append(1)
        return build_workbook(*args, **kwargs)

    before = stored_files()
    assert jobs.run_export_job(job.pk, build=counting_build) == ExportStatus.DONE
    assert jobs.run_export_job(job.pk, build=counting_build) is None

    job.refresh_from_db()
    assert (len(built), job.attempts, job.status) == (1, 1, "done")
    assert len(stored_files()) == len(before) + 1


def test_claim_is_a_conditional_update_that_only_one_caller_wins(job):
    first = jobs.claim(job.pk, worker="a")
    second = jobs.claim(job.pk, worker="b")

    assert first is not None
    assert second is None
    job.refresh_from_db()
    assert (job.status, job.worker, job.attempts) == ("running", "a", 1)


def test_a_failed_build_leaves_no_file_and_no_temporary_file(job):
    def half_then_crash(ctx, kind, path, **kwargs):
        Path(path).write_bytes(b"PK\x03\x04 half a workbook")
        raise ValueError("disk on fire")

    before_stored, before_temp = stored_files(), temp_files()
    assert jobs.run_export_job(job.pk, build=half_then_crash) == ExportStatus.FAILED

    job.refresh_from_db()
    assert (job.status, job.file.name, job.error) == ("failed", "", "导出失败：内部错误（ValueError）。")
    assert stored_files() == before_stored
    assert temp_files() == before_temp


def test_the_job_points_at_the_file_only_after_it_is_complete(job):
    seen = []

    def watching_build(ctx, kind, path, **kwargs):
        result = build_workbook(ctx, kind, path, **kwargs)
        row = ExportJob.objects.get(pk=job.pk)
        seen.append((row.status, row.file.name))
        return result

    jobs.run_export_job(job.pk, build=watching_build)

    assert seen == [("running", "")]
    job.refresh_from_db()
    assert job.file.name == f"exports/{job.uuid}.xlsx"


def test_progress_is_saved_on_the_job_as_rows_are_written(job, contest):
    ExportEntryFactory.create_batch(7, team__contest=contest, contest=contest)
    reports = []

    def spying(ctx, kind, path, *, on_total, on_progress):
        def spy(done):
            on_progress(done)
            reports.append(ExportJob.objects.values_list("progress_done", "progress_total").get(pk=job.pk))

        return build_workbook(ctx, kind, path, on_total=on_total, on_progress=spy, progress_every=4)

    jobs.run_export_job(job.pk, build=spying)

    # Rows are counted in blocks of 100, so 10 rows report once, at the end of the sheet.
    assert reports == [(10, 10)]


def test_progress_is_reported_once_per_n_rows_not_per_row(tmp_path):
    from contests.services.exports.sheet import INTEGER, Column, Sheet
    from contests.services.exports.writer import ProgressCounter, WorkbookWriter

    calls = []
    writer = WorkbookWriter(progress=ProgressCounter(calls.append, every=1000))
    spec = Sheet("数字", [Column("n", 8, INTEGER)], count=lambda: 2500, rows=lambda: ((i,) for i in range(2500)))

    assert writer.write_sheet(spec) == 2500
    writer.save(tmp_path / "n.xlsx")
    assert calls == [1000, 2000]


def test_a_transient_error_requeues_the_job_and_is_raised_for_the_retry(job):
    def database_away(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError):
        jobs.run_export_job(job.pk, build=database_away)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("queued", 1, "暂时性错误，稍后自动重试。")
    assert jobs.run_export_job(job.pk) == ExportStatus.DONE


def test_transient_errors_fail_the_job_after_max_attempts(job):
    def database_away(*args, **kwargs):
        raise OperationalError("gone")

    for _attempt in range(jobs.MAX_ATTEMPTS - 1):
        with pytest.raises(OperationalError):
            jobs.run_export_job(job.pk, build=database_away)
    assert jobs.run_export_job(job.pk, build=database_away) == ExportStatus.FAILED

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", jobs.MAX_ATTEMPTS)
    assert job.error == "导出失败：数据库或网络暂时不可用，已重试 3 次。"


def test_the_task_retries_transient_errors_with_backoff(job, monkeypatch):
    assert OperationalError in task_run_export.autoretry_for
    assert (task_run_export.retry_backoff, task_run_export.max_retries) == (5, jobs.MAX_ATTEMPTS - 1)
    assert task_run_export.acks_late is True
    calls = []
    real_build = jobs.build_workbook

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("connection reset")
        return real_build(*args, **kwargs)

    monkeypatch.setattr(jobs, "build_workbook", flaky)
    # Run in-process without propagating, so Celery's own retry (at once, not after the backoff)
    # takes over, as a worker's would.
    result = task_run_export.apply(kwargs={"job_id": job.pk}, throw=False)

    assert result.get() == "done"

    job.refresh_from_db()
    assert (len(calls), job.status, job.attempts) == (2, "done", 2)


def test_the_task_logs_and_returns_for_a_missing_job(db, caplog):
    assert task_run_export.delay(job_id=987654).get() is None
    assert "Export job 987654 no longer exists" in caplog.text


def test_a_running_job_with_a_stale_heartbeat_is_requeued(job, django_capture_on_commit_callbacks):
    jobs.claim(job.pk, worker="dead-worker")
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=6))
    fresh = ExportJob.objects.create(contest=job.contest, kind="entries")
    jobs.claim(fresh.pk, worker="alive")

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.recover_stale_jobs() == ([job.pk], [])

    job.refresh_from_db()
    fresh.refresh_from_db()
    # The re-sent message ran the job (eager mode) as a second attempt.
    assert (job.status, job.attempts) == ("done", 2)
    assert fresh.status == "running"


def test_a_stale_job_out_of_attempts_is_failed(job):
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=jobs.MAX_ATTEMPTS, heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )

    assert task_recover_stale_exports.delay().get() == {"requeued": [], "failed": [job.pk]}

    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "执行导出的进程已中断，且已尝试 3 次，导出失败。")


def test_a_worker_declared_dead_cannot_overwrite_the_next_attempt(job):
    def slow_build(ctx, kind, path, *, on_total, on_progress, **kwargs):
        # Meanwhile the stale check re-queued the job and another worker claimed it.
        ExportJob.objects.filter(pk=job.pk).update(status="queued")
        jobs.claim(job.pk, worker="second")
        return build_workbook(ctx, kind, path, on_total=on_total, on_progress=on_progress)

    before = stored_files()
    assert jobs.run_export_job(job.pk, worker="first", build=slow_build) is None

    job.refresh_from_db()
    assert (job.status, job.attempts, job.worker, job.file.name) == ("running", 2, "second", "")
    assert stored_files() == before


def test_expired_exports_lose_their_file(job):
    jobs.run_export_job(job.pk)
    job.refresh_from_db()
    name = job.file.name
    storage = job.file.storage

    with time_machine.travel(job.expires_at - datetime.timedelta(minutes=1)):
        assert task_expire_exports.delay().get() == {"expired": []}
    assert storage.exists(name)
    with time_machine.travel(job.expires_at + datetime.timedelta(minutes=1)):
        assert task_expire_exports.delay().get() == {"expired": [job.pk]}

    job.refresh_from_db()
    assert (job.status, job.file.name) == ("expired", "")
    assert not storage.exists(name)


def test_expiry_removes_orphaned_files_and_old_temporary_files(job):
    storage = ExportJob._meta.get_field("file").storage
    orphan = storage.save("exports/orphan.xlsx", ContentFile(b"half"))
    fd, temp = tempfile.mkstemp(prefix=jobs.TEMP_PREFIX, suffix=".xlsx")
    os.close(fd)
    two_days_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(storage.path(orphan), (two_days_ago, two_days_ago))
    os.utime(temp, (two_days_ago, two_days_ago))

    jobs.expire_exports()

    assert not storage.exists(orphan)
    assert not Path(temp).exists()


def test_request_export_creates_a_queued_job_audits_it_and_enqueues_after_commit(
    contest, django_capture_on_commit_callbacks
):
    user = UserFactory(email="organiser@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.request_export(contest=contest, kind="participants", user=user, filters={"city": ""})

    assert (job.status, job.parameters, job.requested_by) == ("queued", {"round": None, "filters": {}}, user)
    assert len(callbacks) == 1
    event = AuditEvent.objects.get(action="export.requested")
    assert (event.actor, event.contest, event.object_id) == (user, contest, str(job.pk))

    callbacks[0]()
    job.refresh_from_db()
    assert job.status == "done"
    assert AuditEvent.objects.filter(action="export.completed", object_id=str(job.pk)).count() == 1


def test_request_export_refuses_a_round_the_contest_does_not_have(contest):
    from contests.services.exports import ExportParameterError

    with pytest.raises(ExportParameterError, match="没有第 4 轮评审"):
        jobs.request_export(contest=contest, kind="scores", round_number=4)
    assert ExportJob.objects.count() == 0


def test_the_requester_is_emailed_when_asked(job):
    ExportJob.objects.filter(pk=job.pk).update(notify_by_email=True)
    job.requested_by.email = "me@example.org"
    job.requested_by.save()

    jobs.run_export_job(job.pk)

    assert [m.to for m in mail.outbox] == [["me@example.org"]]
    assert mail.outbox[0].subject.startswith("【数用】导出已完成：2026数据应用创新大赛-作品-")
    assert f"http://testserver/admin/contest_exports/{job.pk}/" in mail.outbox[0].body


def test_export_contest_command_writes_the_workbook_and_reports_rows(contest, tmp_path):
    ExportEntryFactory.create_batch(2, team__contest=contest, contest=contest)
    out = StringIO()

    call_command("export_contest", "c2026", "--kind", "all", "--output", str(tmp_path / "all.xlsx"), stdout=out)

    wb = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert wb["作品"].max_row == 3
    text = out.getvalue()
    assert "作品：2 行" in text
    assert "申诉：0 行" in text
    # A contest without rounds has no score matrix or results yet: the command says so.
    assert "注意：“轮次成绩”的数据尚不存在，该表只有表头和说明。" in text
    assert AuditEvent.objects.filter(action="export.command", contest=contest).count() == 1


def test_export_contest_command_refuses_an_unknown_contest(tmp_path):
    with pytest.raises(CommandError, match="找不到网址标识为“nope”的大赛"):
        call_command("export_contest", "nope", "--kind", "entries", "--output", str(tmp_path / "x.xlsx"))


def test_a_queued_job_whose_message_was_lost_is_sent_again_once(job, django_capture_on_commit_callbacks):
    sent_long_ago = timezone.now() - jobs.RESEND_AFTER - datetime.timedelta(minutes=1)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=sent_long_ago)
    recent = ExportJob.objects.create(contest=job.contest, kind="entries", heartbeat_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert jobs.recover_stale_jobs() == ([], [])
        assert jobs.recover_stale_jobs() == ([], [])

    # One re-send for the lost job (the second check sees a fresh heartbeat), none for the recent one.
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    recent.refresh_from_db()
    assert (job.status, recent.status) == ("done", "queued")


def test_the_beat_schedule_runs_the_export_checks():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["contests-recover-stale-exports"] == {"task": "contests.recover_stale_exports", "schedule": 60}
    assert schedule["contests-expire-exports"] == {"task": "contests.expire_exports", "schedule": 3600}
    assert {task_recover_stale_exports.name, task_expire_exports.name} == {
        "contests.recover_stale_exports",
        "contests.expire_exports",
    }
