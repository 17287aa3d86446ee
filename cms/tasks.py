"""Enqueue a Celery task by its registered name, after the commit.

Services that start background work name the task (``enqueue("scenes.warm_showcase")``) instead of
importing its module: a tasks module imports the services it wraps, so a service importing it back
would close an import circle. The task object is looked up in the current Celery app and its own
``delay_on_commit`` / ``apply_async_on_commit`` run (cms.celery.Task): sent after the commit, run
in-process without a broker, parked in the outbox (cms/outbox.py) when the broker refuses it.
"""

from celery import current_app


class UnknownTask(LookupError):
    """No Celery task is registered under that name (a typo, or a tasks module never imported)."""


def registered_task(name):
    """The task registered as ``name`` in the current Celery app.

    A web process has imported no tasks module yet: the loader's default modules are imported then
    (cms.celery's ``autodiscover_tasks`` imports every installed app's ``tasks`` module), once.
    """
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()
    try:
        return tasks[name]
    except KeyError:
        raise UnknownTask(
            f"no Celery task is registered as {name!r}: check the name given to @shared_task, and that "
            "its module is the app's tasks module or is imported by it"
        ) from None


def enqueue(task_name, /, **kwargs):
    """Run the task ``task_name`` with keyword arguments ``kwargs`` once the transaction commits."""
    registered_task(task_name).delay_on_commit(**kwargs)


def enqueue_with_options(task_name, /, *, kwargs=None, **options):
    """Like ``enqueue``, with Celery's ``apply_async`` options (``countdown``, ``queue``…)."""
    registered_task(task_name).apply_async_on_commit(kwargs=kwargs or {}, **options)
