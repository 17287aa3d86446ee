"""Celery tasks of the contest app: thin wrappers that re-fetch by id and call a service.

Keyword-only ids; a row that disappeared in the meantime is logged and skipped. Enqueue with
``task.delay_on_commit(...)`` so a task never sees uncommitted or rolled-back data.
"""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError

from contests.services import notifications

logger = logging.getLogger(__name__)

# E-mail tasks: a mail server that is down or failing (refused or dropped connections, timeouts,
# smtplib's errors: all OSError), or a database restarting under the worker, is tried again later,
# with growing, jittered delays, for hours. A refused recipient is about the address, not the server:
# trying again would not help.
EMAIL_RETRY = {
    "autoretry_for": (OSError, OperationalError, InterfaceError),
    "dont_autoretry_for": (smtplib.SMTPRecipientsRefused,),
    "retry_backoff": settings.EMAIL_RETRY_BACKOFF,
    "retry_backoff_max": settings.EMAIL_RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": 12,
}


def _get_user(user_id):
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        logger.info("User %s no longer exists; e-mail not sent", user_id)
    return user


@shared_task(name="contests.send_verification_email", **EMAIL_RETRY)
def task_send_verification_email(*, user_id, next_url=""):
    from contests.services.accounts import is_unverified

    user = _get_user(user_id)
    if user is not None and is_unverified(user):
        notifications.send_verification_email(user, next_url)


@shared_task(name="contests.send_existing_account_notice", **EMAIL_RETRY)
def task_send_existing_account_notice(*, user_id):
    user = _get_user(user_id)
    if user is not None:
        notifications.send_existing_account_notice(user)


@shared_task(name="contests.send_password_reset_email", **EMAIL_RETRY)
def task_send_password_reset_email(*, user_id):
    user = _get_user(user_id)
    if user is not None and user.is_active and user.has_usable_password():
        notifications.send_password_reset_email(user)


@shared_task(name="contests.send_team_invitation", **EMAIL_RETRY)
def task_send_team_invitation(*, invitation_id):
    from contests.choices import InvitationStatus
    from contests.models import TeamInvitation

    invitation = TeamInvitation.objects.select_related("team__contest", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        logger.info("Invitation %s is gone or answered; e-mail not sent", invitation_id)
        return
    notifications.send_invitation_email(invitation)


# --- Entries: submission receipts, eligibility notices, deadline reminders -------------------


@shared_task(name="contests.send_submission_receipt", **EMAIL_RETRY)
def task_send_submission_receipt(*, entry_revision_id):
    from contests.models import EntryRevision
    from contests.services.submission import send_receipt

    revision = (
        EntryRevision.objects.select_related("entry__team__contest", "entry__track")
        .filter(pk=entry_revision_id)
        .first()
    )
    if revision is None:
        logger.info("Entry revision %s no longer exists; receipt not sent", entry_revision_id)
        return
    send_receipt(revision)


@shared_task(name="contests.send_eligibility_notice", **EMAIL_RETRY)
def task_send_eligibility_notice(*, entry_id):
    from contests.models import Entry
    from contests.services.eligibility import send_eligibility_notice

    entry = Entry.objects.select_related("team__contest", "track").filter(pk=entry_id).first()
    if entry is None:
        logger.info("Entry %s no longer exists; eligibility notice not sent", entry_id)
        return
    send_eligibility_notice(entry)


@shared_task(name="contests.send_deadline_reminders")
def task_send_deadline_reminders():
    """Periodic (CELERY_BEAT_SCHEDULE): enqueue the reminders that are due; safe to run any time."""
    from contests.services.reminders import send_due_reminders

    return send_due_reminders()


@shared_task(name="contests.send_deadline_reminder", **EMAIL_RETRY)
def task_send_deadline_reminder(*, reminder_id):
    from contests.models import ReminderSent
    from contests.services.reminders import send_reminder

    reminder = ReminderSent.objects.select_related("team__contest").filter(pk=reminder_id).first()
    if reminder is None:
        logger.info("Reminder %s no longer exists; not sent", reminder_id)
        return
    send_reminder(reminder)


# Judging ---------------------------------------------------------------------------------------


@shared_task(name="contests.send_judge_invitation", **EMAIL_RETRY)
def task_send_judge_invitation(*, invitation_id):
    from contests.models import JudgeInvitation
    from contests.services.judges import send_invitation_email

    invitation = JudgeInvitation.objects.select_related("judge__contest").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_open:
        logger.info("Judge invitation %s is gone or answered; e-mail not sent", invitation_id)
        return
    send_invitation_email(invitation)


@shared_task(name="contests.compute_round_results")
def task_compute_round_results(*, round_id, actor_id=None):
    from contests.models import Round
    from contests.services.results import compute_round_results

    round_ = Round.objects.select_related("contest").filter(pk=round_id).first()
    if round_ is None:
        logger.info("Round %s no longer exists; results not computed", round_id)
        return None
    actor = _get_user(actor_id) if actor_id else None
    return compute_round_results(round_, actor=actor).as_dict()


@shared_task(name="contests.send_judge_reminders")
def task_send_judge_reminders():
    """Periodic (CELERY_BEAT_SCHEDULE): remind judges with unfinished assignments, once a day each."""
    from contests.services.outcomes.judge_reminders import send_judge_reminders

    return send_judge_reminders()


# --- Exports (contests/tasks_exports.py) and appeal/result-notice e-mails (contests/tasks_appeals.py):
# registered here because autodiscovery imports only tasks.py.
from contests import tasks_appeals, tasks_exports  # noqa: E402, F401
