"""Celery tasks of the data desk: thin wrappers over ``contests.services.datadesk_sla`` and the
data desk's e-mails (``contests.services.mail.datadesk``)."""

import logging

from celery import shared_task
from django.utils import timezone

from contests.models import DataRequest
from contests.services.datadesk_sla import sweep_data_desk
from contests.services.mail.datadesk import send_data_request_mail
from contests.tasks.base import EMAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="contests.sweep_data_desk")
def task_sweep_data_desk():
    """Periodic (CELERY_BEAT_SCHEDULE): reminders, escalations and expiries that are due."""
    return sweep_data_desk(timezone.now())


@shared_task(name="contests.send_data_request_mail", **EMAIL_RETRY)
def task_send_data_request_mail(*, request_id, kind):
    request = (
        DataRequest.objects.select_related("team__contest", "offer__resource", "offer__challenge__unit")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        logger.info("Data request %s no longer exists; %s e-mail not sent", request_id, kind)
        return 0
    return send_data_request_mail(request, kind)
