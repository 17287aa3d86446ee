"""Deadline reminders: due 3 days and 1 day before, only to teams with drafts, each at most once."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from contests.choices import EntryStatus
from contests.models import ReminderKind, ReminderSent
from contests.services.reminders import send_due_reminders
from contests.tasks.mail import task_send_deadline_reminders
from tests.contests.factories import TeamFactory
from tests.contests.factories.entries import EntryFactory, add_member

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def sent():
    return sorted(ReminderSent.objects.values_list("team__name", "kind"))


@pytest.fixture
def draft_team(contest):
    team = TeamFactory(contest=contest, name="草稿队")
    add_member(team)
    EntryFactory(team=team, title="未提交的作品")
    return team


@pytest.fixture
def submitted_team(contest):
    team = TeamFactory(contest=contest, name="已提交队")
    EntryFactory(team=team, status=EntryStatus.SUBMITTED)
    return team


def at(contest, before_deadline):
    return time_machine.travel(contest.submission_deadline - before_deadline, tick=False)


def test_beat_schedule_runs_the_reminder_task_hourly():
    assert settings.CELERY_BEAT_SCHEDULE["contests-deadline-reminders"] == {
        "task": "contests.send_deadline_reminders",
        "schedule": 3600,
    }


def test_no_reminder_is_due_more_than_three_days_before(contest, draft_team):
    with at(contest, timedelta(days=3, seconds=1)):
        assert send_due_reminders() == 0
    assert (sent(), mail.outbox) == ([], [])


def test_three_day_reminder_goes_to_every_member_of_teams_with_drafts_only(
    contest, draft_team, submitted_team, django_capture_on_commit_callbacks
):
    with at(contest, timedelta(days=3)), django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 1
    assert sent() == [("草稿队", ReminderKind.DEADLINE_3_DAYS)]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(draft_team.memberships.values_list("user__email", flat=True))
    assert mail.outbox[0].subject == "【数用】作品提交将在 3 天内截止，你们还有草稿未提交"
    assert "- 未提交的作品：http://testserver/portal/entries/" in mail.outbox[0].body


def test_reminders_are_sent_once_however_often_the_task_runs(contest, draft_team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for hours_before in (71, 70, 30, 23, 22, 1):
            with at(contest, timedelta(hours=hours_before)):
                task_send_deadline_reminders.delay()
    assert sent() == [("草稿队", ReminderKind.DEADLINE_1_DAY), ("草稿队", ReminderKind.DEADLINE_3_DAYS)]
    subjects = [m.subject for m in mail.outbox]
    assert (
        subjects
        == ["【数用】作品提交将在 3 天内截止，你们还有草稿未提交"] * 2
        + ["【数用】作品提交将在 1 天内截止，你们还有草稿未提交"] * 2
    )


def test_a_late_first_run_sends_only_the_one_day_reminder(contest, draft_team, django_capture_on_commit_callbacks):
    with at(contest, timedelta(hours=20)), django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 1
    assert sent() == [("草稿队", ReminderKind.DEADLINE_1_DAY), ("草稿队", ReminderKind.DEADLINE_3_DAYS)]
    assert {m.subject for m in mail.outbox} == {"【数用】作品提交将在 1 天内截止，你们还有草稿未提交"}


def test_no_reminder_after_the_deadline(contest, draft_team):
    with at(contest, timedelta(seconds=0)):
        assert send_due_reminders() == 0
    assert sent() == []


def test_a_team_that_submitted_meanwhile_gets_no_mail(contest, draft_team, django_capture_on_commit_callbacks):
    with at(contest, timedelta(days=2)), django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_due_reminders()
    draft_team.entries.update(status=EntryStatus.SUBMITTED)
    for callback in callbacks:
        callback()
    assert (sent(), mail.outbox) == ([("草稿队", ReminderKind.DEADLINE_3_DAYS)], [])
