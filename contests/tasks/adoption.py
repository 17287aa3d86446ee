"""Celery task of adoption (落地): the team is told that its milestone was decided. Enqueued by
``contests.services.adoption.review.decide`` after the commit."""

import logging

from celery import shared_task

from contests.models import AdoptionMilestone
from contests.services.mail.adoption import send_milestone_reviewed
from contests.tasks.base import EMAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="contests.send_milestone_reviewed", **EMAIL_RETRY)
def task_send_milestone_reviewed(*, milestone_id):
    milestones = AdoptionMilestone.objects.select_related("entry__team", "entry__contest")
    milestone = milestones.filter(pk=milestone_id).first()
    if milestone is None:
        logger.info("Milestone %s no longer exists; team not told", milestone_id)
        return 0
    return send_milestone_reviewed(milestone)
