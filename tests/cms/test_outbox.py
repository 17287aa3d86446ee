"""The task outbox: a task the broker refuses after the commit waits in the database and is sent
once the broker answers (cms/celery.py, cms/outbox.py). The broker is simulated here; the real
Redis outage is in tests/integration/test_faults.py."""

import pytest
from django.core.management import call_command
from kombu.exceptions import OperationalError

from cms.celery import app
from cms.models import PendingTask
from cms.outbox import flush_pending_tasks
from contests.tasks.mail import task_send_submission_receipt

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_broker(monkeypatch):
    """Tasks go to a broker (not in-process), which the test turns off and on."""
    broker = {"up": True, "sent": []}

    def send(name, args=None, kwargs=None, **options):
        if not broker["up"]:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        broker["sent"].append((name, list(args or ()), dict(kwargs or {}), options))

    task = app.tasks["contests.send_submission_receipt"]
    monkeypatch.setattr(app, "send_task", send)
    monkeypatch.setattr(
        task, "apply_async", lambda args=None, kwargs=None, **options: send(task.name, args, kwargs, **options)
    )
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield broker
    app.conf.task_always_eager = saved


def test_a_task_refused_after_the_commit_is_parked_not_lost(with_broker, django_capture_on_commit_callbacks):
    with_broker["up"] = False
    with django_capture_on_commit_callbacks(execute=True):
        task_send_submission_receipt.delay_on_commit(entry_revision_id=42)  # must not raise
    pending = PendingTask.objects.get()
    assert (pending.task_name, pending.args, pending.kwargs) == (
        "contests.send_submission_receipt",
        [],
        {"entry_revision_id": 42},
    )
    assert "Connection refused" in pending.last_error
    assert with_broker["sent"] == []


def test_a_task_the_broker_takes_is_not_parked(with_broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        task_send_submission_receipt.delay_on_commit(entry_revision_id=7)
    assert PendingTask.objects.count() == 0
    assert with_broker["sent"] == [("contests.send_submission_receipt", [], {"entry_revision_id": 7}, {})]


def test_parked_tasks_are_sent_in_order_once_the_broker_is_back(with_broker, django_capture_on_commit_callbacks):
    with_broker["up"] = False
    with django_capture_on_commit_callbacks(execute=True):
        task_send_submission_receipt.delay_on_commit(entry_revision_id=1)
        task_send_submission_receipt.apply_async_on_commit(kwargs={"entry_revision_id": 2}, countdown=30)
    assert PendingTask.objects.count() == 2

    # Still down: nothing is lost, the attempt is counted.
    assert flush_pending_tasks() == (0, 2)
    assert list(PendingTask.objects.values_list("attempts", flat=True)) == [1, 0]

    with_broker["up"] = True
    call_command("flush_pending_tasks")
    assert PendingTask.objects.count() == 0
    assert with_broker["sent"] == [
        ("contests.send_submission_receipt", [], {"entry_revision_id": 1}, {}),
        ("contests.send_submission_receipt", [], {"entry_revision_id": 2}, {"countdown": 30}),
    ]


def test_in_process_tasks_still_raise_their_own_errors(monkeypatch, django_capture_on_commit_callbacks):
    # Without a broker (development, tests) a task runs at once: its failure must stay visible.
    assert app.conf.task_always_eager
    task = app.tasks["contests.send_submission_receipt"]

    def broken(*args, **kwargs):
        raise RuntimeError("the task's own bug")

    monkeypatch.setattr(task, "apply_async", broken)
    with pytest.raises(RuntimeError, match="own bug"), django_capture_on_commit_callbacks(execute=True):
        task_send_submission_receipt.delay_on_commit(entry_revision_id=1)
    assert PendingTask.objects.count() == 0
