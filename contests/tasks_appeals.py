"""Celery tasks of result publication and appeals: e-mails to teams and organisers.

Thin wrappers (keyword-only ids, re-fetch, call the sender in
``contests.services.outcomes.appeal_mail``). Enqueued with ``delay_on_commit`` by the services.
For a real worker to know them, ``contests/tasks.py`` must import this module (as it does
``tasks_exports``); the services import it themselves, so in-process runs need nothing more.
"""

import logging

from celery import shared_task

# Same retries as every other e-mail task: an unreachable mail server is tried again later.
from contests.tasks import EMAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="contests.send_results_published", **EMAIL_RETRY)
def task_send_results_published(*, publication_id):
    from contests.models import ResultPublication
    from contests.services.outcomes.appeal_mail import send_results_published

    publication = ResultPublication.objects.select_related("round__contest").filter(pk=publication_id).first()
    if publication is None:
        logger.info("Publication %s no longer exists; notices not sent", publication_id)
        return 0
    return send_results_published(publication)


@shared_task(name="contests.send_appeal_filed", **EMAIL_RETRY)
def task_send_appeal_filed(*, appeal_id):
    from contests.models import Appeal
    from contests.services.outcomes.appeal_mail import send_appeal_filed

    appeal = Appeal.objects.select_related("round__contest", "team", "entry").filter(pk=appeal_id).first()
    if appeal is None:
        logger.info("Appeal %s no longer exists; organisers not told", appeal_id)
        return 0
    return send_appeal_filed(appeal)


@shared_task(name="contests.send_appeal_reviewed", **EMAIL_RETRY)
def task_send_appeal_reviewed(*, appeal_id):
    from contests.models import Appeal
    from contests.services.outcomes.appeal_mail import send_appeal_reviewed

    appeal = Appeal.objects.select_related("round__contest", "team", "entry").filter(pk=appeal_id).first()
    if appeal is None:
        logger.info("Appeal %s no longer exists; team not told", appeal_id)
        return 0
    return send_appeal_reviewed(appeal)
