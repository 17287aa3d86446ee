"""Export jobs from request to download to expiry. The ``ExportJob`` row is the source of truth.

* ``request_export`` creates the row and enqueues the task after commit.
* ``run_export_job`` claims the row with a conditional update (QUEUED → RUNNING, attempts + 1), so a
  redelivered message finds nothing to claim; builds the workbook in a temporary file; moves it to
  private storage and marks the job DONE only when complete. Every worker write names its attempt,
  so a worker declared dead cannot overwrite a later attempt.
* Transient errors (database, connections) put the job back in the queue and re-raise, so the task
  retries with backoff; after ``MAX_ATTEMPTS`` claims the job fails.
* ``recover_stale_jobs`` (beat) finds RUNNING jobs whose heartbeat stopped — a worker killed
  mid-export — and re-queues them (or fails them after ``MAX_ATTEMPTS``).
* ``expire_exports`` (beat) deletes files past ``expires_at`` and orphans left by killed workers.
"""

import logging
import os
import socket
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.links import absolute_url
from cms.tasks import enqueue
from contests.models.exports import ExportJob, ExportStatus
from contests.services import audit
from contests.services.exports.context import ExportContext, ExportParameterError
from contests.services.exports.workbook import KINDS, build_workbook, default_filename

logger = logging.getLogger(__name__)

EXPIRES_AFTER = timedelta(days=getattr(settings, "EXPORT_EXPIRY_DAYS", 7))
# A RUNNING job whose heartbeat is older than this is considered dead (heartbeats come every
# PROGRESS_EVERY rows, i.e. many times a second while a sheet is being written).
STALE_AFTER = timedelta(seconds=getattr(settings, "EXPORT_STALE_AFTER_SECONDS", 300))
# A QUEUED job nobody claimed this long after its message was sent (``heartbeat_at`` of a queued
# job) lost that message (a flushed broker, a broker that was down at commit): send it again.
RESEND_AFTER = timedelta(minutes=30)
MAX_ATTEMPTS = 3
TEMP_PREFIX = "shuyong-export-"
# Errors after which the same export may well succeed a little later.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


class JobLost(Exception):
    """The job was taken from this worker (declared dead and re-queued or failed) while it ran."""


def _enqueue(job_id):

    enqueue("contests.run_export", job_id=job_id)


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


# Requesting ------------------------------------------------------------------------------------


def request_export(*, contest, kind, user=None, round_number=None, filters=None, notify_by_email=False):
    """Create a queued job and enqueue it once the transaction commits.

    Raises ``ExportParameterError`` (nothing created) when a parameter names nothing in the contest.
    """
    if kind not in KINDS:
        raise ExportParameterError(_("未知的导出内容：%(kind)s") % {"kind": kind})
    ctx = ExportContext.build(contest, round_number=round_number, filters=filters)
    parameters = {"round": ctx.round.number if ctx.round else None, "filters": ctx.filters}
    with transaction.atomic():
        job = ExportJob.objects.create(
            contest=contest,
            kind=kind,
            parameters=parameters,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
            notify_by_email=notify_by_email,
            heartbeat_at=timezone.now(),
        )
        audit.record(
            action="export.requested", obj=job, actor=user, contest=contest, after={"kind": kind, **parameters}
        )
        _enqueue(job.pk)
    return job


# Running ---------------------------------------------------------------------------------------


def claim(job_id, *, worker=""):
    """QUEUED → RUNNING in one conditional UPDATE; the job if this call won it, else None."""
    now = timezone.now()
    won = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING,
        attempts=F("attempts") + 1,
        claimed_at=now,
        heartbeat_at=now,
        started_at=now,
        progress_done=0,
        worker=worker[:200],
        error="",
    )
    if not won:
        return None
    return ExportJob.objects.select_related("contest", "requested_by").get(pk=job_id)


def _this_attempt(job):
    return ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING, attempts=job.attempts)


def run_export_job(job_id, *, worker=None, build=None):
    """Claim and run one job. Returns the final status, or None if the job was not ours to run.

    Re-raises transient errors after re-queuing the job (the task retries them with backoff).
    """
    job = claim(job_id, worker=worker or worker_name())
    if job is None:
        current = ExportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        logger.info("Export job %s not claimed (status %s): already taken or gone", job_id, current)
        return None
    mine = _this_attempt(job)
    build = build or build_workbook

    def on_total(total):
        mine.update(progress_total=total, heartbeat_at=timezone.now())

    def on_progress(done):
        if not mine.update(progress_done=done, heartbeat_at=timezone.now()):
            raise JobLost

    fd, temp_path = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".xlsx")
    os.close(fd)
    try:
        ctx = ExportContext.build(
            job.contest,
            round_number=job.round_number,
            filters=job.filters,
            requested_by=job.requested_by,
        )
        result = build(ctx, job.kind, temp_path, on_total=on_total, on_progress=on_progress)
        return _finish(job, temp_path, result, default_filename(ctx, job.kind))
    except JobLost:
        logger.warning("Export job %s attempt %s was taken away while running; result discarded", job.pk, job.attempts)
        return None
    except TRANSIENT_ERRORS as exc:
        if job.attempts < MAX_ATTEMPTS:
            _requeue_after_error(job, exc)
            raise
        return _fail(job, _("导出失败：数据库或网络暂时不可用，已重试 %(n)s 次。") % {"n": job.attempts}, exc)
    except ExportParameterError as exc:
        return _fail(job, str(exc), exc)
    except Exception as exc:
        logger.exception("Export job %s failed", job.pk)
        return _fail(job, _("导出失败：内部错误（%(type)s）。") % {"type": type(exc).__name__}, exc)
    finally:
        Path(temp_path).unlink(missing_ok=True)


def _finish(job, temp_path, result, filename):
    """Move the complete file into private storage, then (only then) point the job at it."""
    field = ExportJob._meta.get_field("file")
    with open(temp_path, "rb") as handle:
        stored = field.storage.save(field.generate_filename(job, filename), File(handle))
    now = timezone.now()
    done = _this_attempt(job).update(
        status=ExportStatus.DONE,
        file=stored,
        filename=filename,
        size=Path(temp_path).stat().st_size,
        row_counts=result.row_counts,
        progress_done=result.total_rows,
        progress_total=result.total_rows,
        finished_at=now,
        heartbeat_at=now,
        expires_at=now + EXPIRES_AFTER,
    )
    if not done:
        # Declared dead while saving: another attempt owns the job now; this file is nobody's.
        field.storage.delete(stored)
        logger.warning("Export job %s attempt %s finished after losing the job", job.pk, job.attempts)
        return None
    job.refresh_from_db()
    audit.record(
        action="export.completed",
        obj=job,
        actor=job.requested_by,
        contest=job.contest,
        after={"file": filename, "rows": result.row_counts, "placeholders": result.placeholders},
    )
    if job.notify_by_email and job.requested_by and job.requested_by.email:
        _notify(job)
    return ExportStatus.DONE


def _requeue_after_error(job, exc):
    logger.warning("Export job %s attempt %s hit a transient error, re-queued: %s", job.pk, job.attempts, exc)
    try:
        _this_attempt(job).update(
            status=ExportStatus.QUEUED, worker="", heartbeat_at=timezone.now(), error=_("暂时性错误，稍后自动重试。")
        )
    except DatabaseError:
        # The database itself is away: the job stays RUNNING and recover_stale_jobs re-queues it.
        logger.warning("Export job %s could not be re-queued now; left to the stale-job check", job.pk)


def _fail(job, message, exc=None):
    failed = _this_attempt(job).update(
        status=ExportStatus.FAILED, error=message, finished_at=timezone.now(), heartbeat_at=timezone.now()
    )
    if failed:
        audit.record(action="export.failed", obj=job, actor=job.requested_by, contest=job.contest, note=message)
    return ExportStatus.FAILED if failed else None


def _notify(job):
    link = absolute_url(reverse("contest_exports:detail", args=[job.pk]))
    send_mail(
        _("【数用】导出已完成：%(name)s") % {"name": job.filename},
        _("您申请的导出“%(name)s”已生成，请登录后台下载（%(days)s 天内有效）：\n%(link)s")
        % {"name": job.filename, "days": EXPIRES_AFTER.days, "link": link},
        None,
        [job.requested_by.email],
    )


# Periodic checks (beat) ------------------------------------------------------------------------


def recover_stale_jobs(*, now=None, stale_after=STALE_AFTER):
    """Re-queue RUNNING jobs whose worker stopped beating (or fail them after MAX_ATTEMPTS);
    re-send QUEUED jobs whose message was lost. Returns (requeued ids, failed ids)."""
    now = now or timezone.now()
    cutoff = now - stale_after
    requeued, failed = [], []
    stale = ExportJob.objects.filter(status=ExportStatus.RUNNING, heartbeat_at__lt=cutoff)
    for job_id, attempts in stale.values_list("pk", "attempts"):
        same = stale.filter(pk=job_id, attempts=attempts)
        if attempts < MAX_ATTEMPTS:
            with transaction.atomic():
                if same.update(
                    status=ExportStatus.QUEUED,
                    worker="",
                    claimed_at=None,
                    heartbeat_at=now,
                    progress_done=0,
                    error=_("执行导出的进程已中断，已重新排队。"),
                ):
                    requeued.append(job_id)
                    _enqueue(job_id)
        elif same.update(
            status=ExportStatus.FAILED,
            finished_at=now,
            error=_("执行导出的进程已中断，且已尝试 %(n)s 次，导出失败。") % {"n": attempts},
        ):
            failed.append(job_id)
    lost = ExportJob.objects.filter(status=ExportStatus.QUEUED, heartbeat_at__lt=now - RESEND_AFTER)
    for job_id in lost.values_list("pk", flat=True):
        # Claim-once makes a duplicate message harmless; the new heartbeat spaces the re-sends.
        if lost.filter(pk=job_id).update(heartbeat_at=now):
            _enqueue(job_id)
    if requeued or failed:
        logger.warning("Stale export jobs: re-queued %s, failed %s", requeued, failed)
    return requeued, failed


def expire_exports(*, now=None):
    """Delete files of jobs past ``expires_at`` (status EXPIRED), stored files no job points to and
    temporary files left by killed workers. Returns the ids of the expired jobs."""
    now = now or timezone.now()
    storage = ExportJob._meta.get_field("file").storage
    expired = []
    due = ExportJob.objects.filter(status=ExportStatus.DONE, expires_at__lte=now)
    for job_id, name in due.values_list("pk", "file"):
        # First make the job undownloadable, then delete the file.
        if ExportJob.objects.filter(pk=job_id, status=ExportStatus.DONE).update(status=ExportStatus.EXPIRED, file=""):
            if name:
                storage.delete(name)
            expired.append(job_id)
    _delete_orphans(storage, now)
    return expired


def _delete_orphans(storage, now, *, older_than=timedelta(days=1)):
    try:
        _dirs, names = storage.listdir("exports")
    except FileNotFoundError:
        names = []
    referenced = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    for name in names:
        path = f"exports/{name}"
        if path in referenced:
            continue
        try:
            modified = storage.get_modified_time(path)
        except (FileNotFoundError, NotImplementedError):
            continue
        if modified < now - older_than:
            storage.delete(path)
    temp_dir = Path(tempfile.gettempdir())
    for path in temp_dir.glob(f"{TEMP_PREFIX}*.xlsx"):
        try:
            if path.stat().st_mtime < (now - older_than).timestamp():
                path.unlink()
        except FileNotFoundError:
            continue
