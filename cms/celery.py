"""The Celery application. Without a broker (dev, tests) tasks run in-process (see settings)."""

import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction

from cms.outbox import flush_pending_tasks, park

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


class Task(DjangoTask):
    """Tasks enqueued after the commit never undo the page that committed.

    With a broker, a failure to enqueue (the broker is down) comes after the data is safely saved: the
    task is parked in the outbox (cms/outbox.py) and sent when the broker is back, and the page
    answers as it would have, instead of a 500 that makes the user believe the save failed
    (tests/integration/test_faults.py). Should the database refuse the parking too, Django logs it
    with its traceback. In-process (eager) runs keep raising, so that a task's own errors stay
    visible in development and tests.
    """

    def delay_on_commit(self, *args, **kwargs):
        self._on_commit(args, kwargs, {})

    def apply_async_on_commit(self, args=None, kwargs=None, **options):
        self._on_commit(args or (), kwargs or {}, options)

    def _on_commit(self, args, kwargs, options):
        def enqueue():
            try:
                self.apply_async(args, kwargs, **options)
            except Exception as error:
                if self.app.conf.task_always_eager:  # the task's own error, run in-process
                    raise
                # The broker is down: keep the task for later.
                park(self.name, args, kwargs, options, error)

        # Django names the callback by __qualname__ when it logs a failure (a partial has none).
        enqueue.__qualname__ = f"enqueue {self.name}"
        transaction.on_commit(enqueue, robust=not self.app.conf.task_always_eager)


app = Celery("cms", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="cms.flush_pending_tasks")
def flush_pending_tasks_task():
    """Celery beat's half-minute pass over the outbox."""
    sent, left = flush_pending_tasks(app=app)
    return {"sent": sent, "left": left}


@app.task(name="cms.ping", ignore_result=False)
def ping(value="pong"):
    """Round-trip check used by the health check and the worker integration test."""
    return value
