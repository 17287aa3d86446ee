"""E-mails of the expert pool (专家库): the decision on an application and the organiser's invitation."""

import logging

from celery import shared_task

from contests.models import Expert
from contests.services.experts.pool import send_expert_mail
from contests.tasks.base import EMAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="contests.send_expert_mail", **EMAIL_RETRY)
def task_send_expert_mail(*, expert_id, kind):
    expert = Expert.objects.filter(pk=expert_id).first()
    if expert is None:
        logger.info("Expert %s is gone; %s e-mail not sent", expert_id, kind)
        return
    send_expert_mail(expert, kind)
