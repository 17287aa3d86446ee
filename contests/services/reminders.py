"""Deadline reminders to teams that still have an unsubmitted draft.

The periodic task (hourly, see ``CELERY_BEAT_SCHEDULE``) calls ``send_due_reminders``; it decides
what is due, so running it late, twice or concurrently is harmless:

* a reminder is due from ``deadline − 3 days`` (resp. ``− 1 day``) until the deadline;
* only the most urgent due reminder is sent; the earlier kind is recorded as covered, so a team
  never gets "3 days left" after "1 day left";
* ``ReminderSent(team, kind)`` is unique: the row is created before the e-mail is enqueued, in the
  same transaction, so each kind goes out at most once per team.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.tasks import enqueue
from contests import models
from contests.choices import EntryStatus

# Most urgent first.
SCHEDULE = (("deadline_1d", timedelta(days=1)), ("deadline_3d", timedelta(days=3)))


def due_kinds(contest, now):
    """The reminder kinds due at ``now``, most urgent first (empty once the deadline has passed)."""
    deadline = contest.submission_deadline
    if now >= deadline:
        return []
    return [kind for kind, before in SCHEDULE if now >= deadline - before]


def send_due_reminders(now=None):
    """Enqueue every reminder that is due and not yet sent; return how many were enqueued."""
    now = now or timezone.now()
    sent = 0
    contests = models.Contest.objects.filter(
        submission_deadline__gt=now, submission_deadline__lte=now + SCHEDULE[-1][1]
    )
    for contest in contests:
        kinds = due_kinds(contest, now)
        if not kinds:
            continue
        teams = models.Team.objects.filter(contest=contest, entries__status=EntryStatus.DRAFT).distinct()
        already = set(
            models.ReminderSent.objects.filter(team__in=teams, kind=kinds[0]).values_list("team_id", flat=True)
        )
        for team in teams.exclude(pk__in=already):
            sent += _send_once(team, kinds)
    return sent


def _send_once(team, kinds):

    urgent, *covered = kinds
    try:
        with transaction.atomic():
            reminder = models.ReminderSent.objects.create(team=team, kind=urgent)
            for kind in covered:
                models.ReminderSent.objects.get_or_create(team=team, kind=kind)
            enqueue("contests.send_deadline_reminder", reminder_id=reminder.pk)
    except IntegrityError:
        return 0  # a concurrent run got there first
    return 1


def send_reminder(reminder):
    from contests.services.mail.teams import send_to_team
    from contests.services.submission import format_beijing_time

    team = reminder.team
    drafts = list(team.entries.filter(status=EntryStatus.DRAFT).order_by("pk"))
    if not drafts:
        return 0  # submitted in the meantime: nothing to remind of
    return send_to_team(
        team,
        "contests/emails/reminder",
        {"reminder": reminder, "drafts": drafts, "deadline": format_beijing_time(team.contest.submission_deadline)},
    )
