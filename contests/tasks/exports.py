"""Celery tasks of the exports: thin wrappers around ``contests.services.exports.jobs``."""

import logging
import os

from celery import shared_task

from contests.models.exports import ExportJob
from contests.services.exports import jobs

logger = logging.getLogger(__name__)


@shared_task(
    name="contests.run_export",
    bind=True,
    # Database and connection hiccups: the service re-queues the job, Celery retries with
    # exponential backoff (5 s, 10 s, 20 s… capped, jittered); after that the job has failed.
    autoretry_for=jobs.TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=jobs.MAX_ATTEMPTS - 1,
    # A killed worker's message is redelivered; the claim makes the second delivery a no-op.
    acks_late=True,
    reject_on_worker_lost=True,
)
def task_run_export(self, *, job_id):
    if not ExportJob.objects.filter(pk=job_id).exists():
        logger.info("Export job %s no longer exists; nothing to do", job_id)
        return None
    worker = f"{self.request.hostname}:{os.getpid()}" if self.request.hostname else None
    return jobs.run_export_job(job_id, worker=worker)


@shared_task(name="contests.recover_stale_exports")
def task_recover_stale_exports():
    """Periodic (CELERY_BEAT_SCHEDULE): jobs whose worker died are re-queued or failed."""
    requeued, failed = jobs.recover_stale_jobs()
    return {"requeued": requeued, "failed": failed}


@shared_task(name="contests.expire_exports")
def task_expire_exports():
    """Periodic (CELERY_BEAT_SCHEDULE): export files past their expiry date are deleted."""
    return {"expired": jobs.expire_exports()}
