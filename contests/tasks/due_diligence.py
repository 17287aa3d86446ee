"""Celery tasks of winner due diligence: e-mails to teams and organisers.

Thin wrappers (keyword-only ids, re-fetch, call the sender in ``contests.services.mail.due_diligence``),
enqueued by name after the commit by the services.
"""

import logging

from celery import shared_task

from contests.models import DueDiligenceCase
from contests.services.mail import due_diligence as mail
from contests.tasks.base import EMAIL_RETRY

logger = logging.getLogger(__name__)


def _case(case_id):
    case = (
        DueDiligenceCase.objects.select_related(
            "request", "award__entry__team", "award__category__contest", "successor_award__entry__team"
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        logger.info("Due-diligence case %s no longer exists; nobody told", case_id)
    return case


@shared_task(name="contests.send_due_diligence_requested", **EMAIL_RETRY)
def task_send_due_diligence_requested(*, case_id):
    case = _case(case_id)
    return mail.send_requested(case) if case else 0


@shared_task(name="contests.send_due_diligence_submitted", **EMAIL_RETRY)
def task_send_due_diligence_submitted(*, case_id):
    case = _case(case_id)
    return mail.send_submitted(case) if case else 0


@shared_task(name="contests.send_due_diligence_reviewed", **EMAIL_RETRY)
def task_send_due_diligence_reviewed(*, case_id):
    case = _case(case_id)
    return mail.send_reviewed(case) if case else 0


@shared_task(name="contests.send_due_diligence_successor", **EMAIL_RETRY)
def task_send_due_diligence_successor(*, case_id):
    case = _case(case_id)
    return mail.send_successor(case) if case else 0
