import uuid

import pytest
from celery.result import AsyncResult, EagerResult

from cms.celery import ping


def test_ping_round_trips_through_a_real_worker(celery_worker):
    result = ping.delay("数用")
    # An in-process (eager) run would hand back an EagerResult instead.
    assert not isinstance(result, EagerResult)
    assert result.get(timeout=30) == "数用"
    assert result.state == "SUCCESS"
    assert f"Task cms.ping[{result.id}] received" in celery_worker.log()


@pytest.mark.django_db
def test_task_enqueued_on_commit_reaches_the_worker_only_after_commit(
    celery_worker, django_capture_on_commit_callbacks
):
    task_id = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ping.apply_async_on_commit(args=["提交后"], task_id=task_id)
    # Nothing was sent while the transaction was open.
    assert len(callbacks) == 1
    assert f"Task cms.ping[{task_id}] received" not in celery_worker.log()

    callbacks[0]()  # what Django does on commit
    assert AsyncResult(task_id).get(timeout=30) == "提交后"
