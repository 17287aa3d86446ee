"""Celery tasks of result publication and appeals: e-mails to teams and organisers.

Thin wrappers (keyword-only ids, re-fetch, call the sender in ``contests.services.mail.appeals``),
enqueued by name after the commit by the services.
"""

import logging

from celery import shared_task

from contests.models import Appeal, ResultPublication
from contests.services.mail.appeals import send_appeal_filed, send_appeal_reviewed, send_results_published

# Same retries as every other e-mail task: an unreachable mail server is tried again later.
from contests.tasks.base import EMAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="contests.send_results_published", **EMAIL_RETRY)
def task_send_results_published(*, publication_id):
    publication = ResultPublication.objects.select_related("round__contest").filter(pk=publication_id).first()
    if publication is None:
        logger.info("Publication %s no longer exists; notices not sent", publication_id)
        return 0
    return send_results_published(publication)


@shared_task(name="contests.send_appeal_filed", **EMAIL_RETRY)
def task_send_appeal_filed(*, appeal_id):
    appeal = Appeal.objects.select_related("round__contest", "team", "entry").filter(pk=appeal_id).first()
    if appeal is None:
        logger.info("Appeal %s no longer exists; organisers not told", appeal_id)
        return 0
    return send_appeal_filed(appeal)


@shared_task(name="contests.send_appeal_reviewed", **EMAIL_RETRY)
def task_send_appeal_reviewed(*, appeal_id):
    appeal = Appeal.objects.select_related("round__contest", "team", "entry").filter(pk=appeal_id).first()
    if appeal is None:
        logger.info("Appeal %s no longer exists; team not told", appeal_id)
        return 0
    return send_appeal_reviewed(appeal)
