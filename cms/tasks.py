"""Enqueue a Celery task by its registered name, after the commit, with the outbox behaviour of
``cms.celery.Task.delay_on_commit``. Services call this instead of importing task modules, so the
domain layer never imports the layer that wraps it."""

from celery import current_app


def registered_task(task_name):
    """The registered task object; autodiscovers the apps' ``tasks`` modules on first use."""
    app = current_app
    if task_name not in app.tasks:
        app.loader.import_default_modules()
    try:
        return app.tasks[task_name]
    except KeyError:
        raise LookupError(f"no Celery task is registered as {task_name!r}") from None


def enqueue_on_commit(task_name, /, **kwargs):
    registered_task(task_name).delay_on_commit(**kwargs)
