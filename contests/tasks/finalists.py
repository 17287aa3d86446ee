"""Celery tasks of finalist confirmation: the periodic sweep (lapse overdue confirmations, send the
24 h reminders) and the e-mails, thin wrappers over ``contests.services.outcomes.finalists``."""

import logging

from celery import shared_task
from django.utils import timezone

from contests.models import FinalistConfirmation
from contests.services.mail.finalists import send_finalist_mail
from contests.services.outcomes.finalists import sweep
from contests.tasks.base import EMAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="contests.sweep_finalists")
def task_sweep_finalists():
    """Periodic (CELERY_BEAT_SCHEDULE): safe to run late, twice or concurrently."""
    return sweep(timezone.now())


@shared_task(name="contests.send_finalist_mail", **EMAIL_RETRY)
def task_send_finalist_mail(*, confirmation_id, kind):
    confirmation = (
        FinalistConfirmation.objects.select_related("entry__team", "entry__contest", "decision__next_round")
        .filter(pk=confirmation_id)
        .first()
    )
    if confirmation is None:
        logger.info("Finalist confirmation %s no longer exists; %s e-mail not sent", confirmation_id, kind)
        return 0
    return send_finalist_mail(confirmation, kind)
