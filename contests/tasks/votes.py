"""Celery task of the public vote: the e-mail to a team whose votes were voided (thin wrapper)."""

import logging

from celery import shared_task

from contests.models import Entry, PublicVote
from contests.services.mail import votes as mail
from contests.tasks.base import EMAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="contests.send_votes_voided", **EMAIL_RETRY)
def task_send_votes_voided(*, public_vote_id, entry_id, count, reason):
    public_vote = PublicVote.objects.select_related("round__contest").filter(pk=public_vote_id).first()
    entry = Entry.objects.select_related("team").filter(pk=entry_id).first()
    if public_vote is None or entry is None:
        logger.info("Vote %s or entry %s no longer exists; nobody told", public_vote_id, entry_id)
        return 0
    return mail.send_votes_voided(public_vote, entry, count, reason)
