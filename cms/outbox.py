"""The task outbox: what the broker could not take after a commit waits in the database.

A save never fails because Redis is down (cms.celery.Task enqueues after the commit and never
raises then); before the outbox, such a task was only logged and lost — a receipt e-mail that
never came. Now it is parked as a PendingTask and sent again once the broker answers, by
``flush_pending_tasks`` (Celery beat every 30 s, and ``manage.py flush_pending_tasks``).
Delivery is at least once: if the database fails between the broker taking a task and its row
being deleted, the task is sent again on the next flush (a receipt may then arrive twice, which
beats never).
"""

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)
JSON_SAFE_OPTIONS = ("countdown", "queue", "priority", "expires")
BATCH = 200


def park(task_name, args, kwargs, options, error):
    """Keep a task the broker refused; returns the PendingTask (or None if the database failed too)."""
    from cms.models import PendingTask

    safe_options = {key: value for key, value in options.items() if key in JSON_SAFE_OPTIONS}
    try:
        pending = PendingTask.objects.create(
            task_name=task_name, args=list(args), kwargs=dict(kwargs), options=safe_options, last_error=repr(error)
        )
    except Exception:
        logger.exception("could not park task %s in the outbox after the broker refused it", task_name)
        raise
    logger.warning("broker refused %s (%r): parked as pending task %s", task_name, error, pending.pk)
    return pending


def flush_pending_tasks(limit=BATCH, app=None):
    """Send parked tasks, oldest first; stop at the first refusal (the broker is still down).

    Returns (sent, left). Rows are locked while they are sent (SKIP LOCKED on PostgreSQL), so two
    flushers never send the same task twice. ``app`` is the Celery app to send through; by default
    the current one (cms.celery's, which sets itself current when Django starts): the outbox never
    imports cms.celery, which imports the outbox.
    """
    from cms.models import PendingTask

    app = app or current_app

    sent = 0
    with transaction.atomic():
        rows = PendingTask.objects.select_for_update(skip_locked=True).order_by("pk")[:limit]
        for row in rows:
            try:
                app.send_task(row.task_name, args=row.args, kwargs=row.kwargs, **row.options)
            except Exception as error:
                row.attempts += 1
                row.last_error = repr(error)[:2000]
                row.save(update_fields=["attempts", "last_error"])
                logger.warning("pending task %s still refused by the broker: %r", row.pk, error)
                break
            row.delete()
            sent += 1
    return sent, PendingTask.objects.count()
