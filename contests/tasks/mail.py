"""E-mail tasks of accounts, teams, entries and judges: thin wrappers that re-fetch by id and call a
service. Keyword-only ids; a row that disappeared in the meantime is logged and skipped. Services
enqueue them by name after the commit (``cms.tasks.enqueue``)."""

import logging

from celery import shared_task

from contests.choices import InvitationStatus
from contests.models import Entry, EntryRevision, JudgeInvitation, ReminderSent, TeamInvitation
from contests.services.accounts import is_unverified
from contests.services.eligibility import send_eligibility_notice
from contests.services.judging.judges import send_invitation_email
from contests.services.mail import notifications
from contests.services.outcomes.judge_reminders import send_judge_reminders
from contests.services.reminders import send_due_reminders, send_reminder
from contests.services.submission import send_receipt
from contests.tasks.base import EMAIL_RETRY, get_user

logger = logging.getLogger(__name__)


@shared_task(name="contests.send_verification_email", **EMAIL_RETRY)
def task_send_verification_email(*, user_id, next_url=""):
    user = get_user(user_id)
    if user is not None and is_unverified(user):
        notifications.send_verification_email(user, next_url)


@shared_task(name="contests.send_existing_account_notice", **EMAIL_RETRY)
def task_send_existing_account_notice(*, user_id):
    user = get_user(user_id)
    if user is not None:
        notifications.send_existing_account_notice(user)


@shared_task(name="contests.send_password_reset_email", **EMAIL_RETRY)
def task_send_password_reset_email(*, user_id):
    user = get_user(user_id)
    if user is not None and user.is_active and user.has_usable_password():
        notifications.send_password_reset_email(user)


@shared_task(name="contests.send_phone_changed_notice", **EMAIL_RETRY)
def task_send_phone_changed_notice(*, user_id, old_phone="", new_phone=""):
    user = get_user(user_id)
    if user is not None:
        notifications.send_phone_changed_notice(user, old_phone, new_phone)


@shared_task(name="contests.send_team_invitation", **EMAIL_RETRY)
def task_send_team_invitation(*, invitation_id):
    invitation = TeamInvitation.objects.select_related("team__contest", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        logger.info("Invitation %s is gone or answered; e-mail not sent", invitation_id)
        return
    notifications.send_invitation_email(invitation)


# --- Entries: submission receipts, eligibility notices, deadline reminders -------------------


@shared_task(name="contests.send_submission_receipt", **EMAIL_RETRY)
def task_send_submission_receipt(*, entry_revision_id):
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
    entry = Entry.objects.select_related("team__contest", "track").filter(pk=entry_id).first()
    if entry is None:
        logger.info("Entry %s no longer exists; eligibility notice not sent", entry_id)
        return
    send_eligibility_notice(entry)


@shared_task(name="contests.send_deadline_reminders")
def task_send_deadline_reminders():
    """Periodic (CELERY_BEAT_SCHEDULE): enqueue the reminders that are due; safe to run any time."""
    return send_due_reminders()


@shared_task(name="contests.send_deadline_reminder", **EMAIL_RETRY)
def task_send_deadline_reminder(*, reminder_id):
    reminder = ReminderSent.objects.select_related("team__contest").filter(pk=reminder_id).first()
    if reminder is None:
        logger.info("Reminder %s no longer exists; not sent", reminder_id)
        return
    send_reminder(reminder)


# Judging ---------------------------------------------------------------------------------------


@shared_task(name="contests.send_judge_invitation", **EMAIL_RETRY)
def task_send_judge_invitation(*, invitation_id):
    invitation = JudgeInvitation.objects.select_related("judge__contest").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_open:
        logger.info("Judge invitation %s is gone or answered; e-mail not sent", invitation_id)
        return
    send_invitation_email(invitation)


@shared_task(name="contests.send_judge_reminders")
def task_send_judge_reminders():
    """Periodic (CELERY_BEAT_SCHEDULE): remind judges with unfinished assignments, once a day each."""
    return send_judge_reminders()
