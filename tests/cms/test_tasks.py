"""Enqueueing a task by its name (cms/tasks.py): after the commit, in-process without a broker,
parked in the outbox when the broker refuses it — as the task's own delay_on_commit does."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from kombu.exceptions import OperationalError

from cms.celery import app
from cms.models import PendingTask
from cms.tasks import UnknownTask, enqueue, enqueue_with_options

pytestmark = pytest.mark.django_db

REMEMBERED = []


@app.task(name="tests.cms.remember")
def remember(value):
    REMEMBERED.append(value)


@pytest.fixture(autouse=True)
def _forget():
    REMEMBERED.clear()
    yield
    REMEMBERED.clear()


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks go to a broker (not in-process), and the broker refuses them."""

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(app.tasks["tests.cms.remember"], "apply_async", refuse)
    # Celery's settings object refuses monkeypatch's restore: set and restored by hand.
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = saved


def test_enqueue_of_an_unknown_name_raises_and_enqueues_nothing(django_capture_on_commit_callbacks):
    with (
        pytest.raises(UnknownTask, match=r"no Celery task is registered as 'tests\.cms\.no_such_task'"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        enqueue("tests.cms.no_such_task", value=1)
    assert callbacks == []


def test_enqueue_runs_the_task_in_process_only_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("tests.cms.remember", value=3)
        assert REMEMBERED == []  # not before the commit
    assert REMEMBERED == [3]


def test_enqueue_without_a_commit_runs_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue("tests.cms.remember", value=3)
    assert (len(callbacks), REMEMBERED) == (1, [])


def test_a_task_enqueued_by_name_is_parked_when_the_broker_refuses_it(broker_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("tests.cms.remember", value=5)  # must not raise
        enqueue_with_options("tests.cms.remember", kwargs={"value": 6}, countdown=30)
    parked = list(PendingTask.objects.values_list("task_name", "args", "kwargs", "options"))
    assert parked == [
        ("tests.cms.remember", [], {"value": 5}, {}),
        ("tests.cms.remember", [], {"value": 6}, {"countdown": 30}),
    ]
    assert REMEMBERED == []


def test_a_web_process_finds_a_task_whose_module_nothing_imported_yet():
    # A fresh process, as gunicorn starts one: Django set up, no tasks module imported.
    script = (
        "import sys, django; django.setup(); "
        "assert 'scenes.tasks' not in sys.modules, 'imported already: the test proves nothing'; "
        "from cms.tasks import registered_task; "
        "print(registered_task('scenes.warm_showcase').name, 'scenes.tasks' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout) == (0, "scenes.warm_showcase True\n"), done.stderr
