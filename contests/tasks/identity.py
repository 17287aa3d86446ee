"""Celery tasks of real-name verification and unit vetting: the daily purge of documents past their
retention, and the e-mails (thin wrappers: keyword-only ids, re-fetch, call the sender)."""

import logging

from celery import shared_task
from django.utils import timezone

from contests.models import IdentityProof, OrganisationContact, Team
from contests.services.identity import purge_due
from contests.services.mail import identity as mail
from contests.tasks.base import EMAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="contests.purge_identity_documents")
def task_purge_identity_documents():
    """Periodic (CELERY_BEAT_SCHEDULE, daily): safe to run late, twice or concurrently."""
    done = purge_due(timezone.now())
    return sum(count for rows in done.values() for _user, count in rows)


@shared_task(name="contests.send_identity_reviewed", **EMAIL_RETRY)
def task_send_identity_reviewed(*, proof_id):
    proof = IdentityProof.objects.select_related("contest", "user").filter(pk=proof_id).first()
    if proof is None:
        logger.info("Identity proof %s no longer exists; nobody told", proof_id)
        return 0
    return mail.send_identity_reviewed(proof)


@shared_task(name="contests.send_contact_approved", **EMAIL_RETRY)
def task_send_contact_approved(*, contact_id):
    contact = OrganisationContact.objects.select_related("contest", "user").filter(pk=contact_id).first()
    return mail.send_contact_approved(contact) if contact else 0


@shared_task(name="contests.send_contact_revoked", **EMAIL_RETRY)
def task_send_contact_revoked(*, contact_id, reason, was_approved):
    contact = OrganisationContact.objects.select_related("contest", "user").filter(pk=contact_id).first()
    return mail.send_contact_revoked(contact, reason=reason, was_approved=was_approved) if contact else 0


@shared_task(name="contests.send_team_vetted", **EMAIL_RETRY)
def task_send_team_vetted(*, team_id):
    team = Team.objects.select_related("contest").filter(pk=team_id).first()
    return mail.send_team_vetted(team) if team else 0
