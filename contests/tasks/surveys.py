"""Celery tasks of the tracking surveys: the periodic sweep that decides which reminders are due, and
the e-mail of one reminder (thin wrappers around ``contests.services.adoption.surveys``)."""

import logging

from celery import shared_task

from contests.models import SurveyReminder
from contests.services.adoption.surveys import send_survey_reminder, send_survey_reminders
from contests.tasks.base import EMAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="contests.send_survey_reminders")
def task_send_survey_reminders():
    """Periodic (CELERY_BEAT_SCHEDULE): enqueue the survey reminders that are due; safe to run any time."""
    return send_survey_reminders()


@shared_task(name="contests.send_survey_reminder", **EMAIL_RETRY)
def task_send_survey_reminder(*, reminder_id):
    reminder = (
        SurveyReminder.objects.select_related("survey__contest", "entry__team__contest").filter(pk=reminder_id).first()
    )
    if reminder is None:
        logger.info("Survey reminder %s no longer exists; not sent", reminder_id)
        return 0
    return send_survey_reminder(reminder)
