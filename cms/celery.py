"""The Celery application. Without a broker (dev, tests) tasks run in-process (see settings)."""

import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


class Task(DjangoTask):
    """Tasks enqueued after the commit never undo the page that committed.

    With a broker, a failure to enqueue (the broker is down) comes after the data is safely saved: it
    is logged with its traceback by Django, and the page answers as it would have, instead of a 500
    that makes the user believe the save failed (tests/integration/test_faults.py). In-process (eager)
    runs keep raising, so that a task's own errors stay visible in development and tests.
    """

    def delay_on_commit(self, *args, **kwargs):
        self._on_commit(self.delay, *args, **kwargs)

    def apply_async_on_commit(self, *args, **kwargs):
        self._on_commit(self.apply_async, *args, **kwargs)

    def _on_commit(self, send, *args, **kwargs):
        def enqueue():
            send(*args, **kwargs)

        # Django names the callback by __qualname__ when it logs a failure (a partial has none).
        enqueue.__qualname__ = f"enqueue {self.name}"
        transaction.on_commit(enqueue, robust=not self.app.conf.task_always_eager)


app = Celery("cms", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="cms.ping", ignore_result=False)
def ping(value="pong"):
    """Round-trip check used by the health check and the worker integration test."""
    return value
