"""Reminders to judges: at most one a day per judge, only while they have unfinished assignments in an
open round; the e-mail links to /judging/ and names no team."""

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from contests.models import JudgeReminder, JudgeStatus, ScoreStatus
from contests.services.outcomes.judge_reminders import send_judge_reminders
from contests.tasks.mail import task_send_judge_reminders
from tests.contests.factories.judging import JudgeFactory, assign, judging_setup, submitted_score

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def judging():
    """Round 1 open for ten more days; judge 0 has one of two scored, judge 1 has scored both,
    judge 2 has one draft only."""
    contest, round_, _tracks, judges, entries = judging_setup(judges=3, entries=2, k=3)
    for judge in judges:
        for entry in entries:
            assign(round_, entry, judge)
    a = {(x.judge_id, x.entry_id): x for x in round_.assignments.all()}
    submitted_score(a[judges[0].pk, entries[0].pk], [20, 20, 15, 15, 8])
    for entry in entries:
        submitted_score(a[judges[1].pk, entry.pk], [20, 20, 15, 15, 8])
    submitted_score(a[judges[2].pk, entries[0].pk], [20, 20, 15, 15, 8], status=ScoreStatus.DRAFT)
    return contest, round_, judges, entries


def reminded():
    return sorted(JudgeReminder.objects.values_list("judge__name", "sent_on", "unfinished"))


def beijing(day, hour, minute):
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def test_two_runs_the_same_beijing_day_send_one_mail_per_unfinished_judge(judging):
    _contest, _round, judges, _entries = judging
    today = timezone.localdate()
    # One day in Beijing, two in UTC (16:30 the day before, then 15:30). Both are inside the round,
    # which opened a day ago.
    assert send_judge_reminders(now=beijing(today, 0, 30)) == 2
    assert send_judge_reminders(now=beijing(today, 23, 30)) == 0

    assert reminded() == sorted([(judges[0].name, today, 1), (judges[2].name, today, 2)])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([judges[0].email, judges[2].email])


def test_the_next_beijing_day_sends_again_even_an_hour_later(judging):
    _contest, _round, judges, _entries = judging
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    send_judge_reminders(now=beijing(today, 23, 30))
    mail.outbox.clear()

    # 00:30 the next day in Beijing; still the same day in UTC (15:30, then 16:30).
    assert send_judge_reminders(now=beijing(tomorrow, 0, 30)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([judges[0].email, judges[2].email])
    sent_on = JudgeReminder.objects.filter(judge=judges[0]).order_by("sent_on").values_list("sent_on", flat=True)
    assert list(sent_on) == [today, tomorrow]


def test_a_judge_with_everything_submitted_gets_nothing(judging):
    _contest, _round, judges, _entries = judging
    send_judge_reminders()
    assert judges[1].email not in [m.to[0] for m in mail.outbox]
    assert not JudgeReminder.objects.filter(judge=judges[1]).exists()


def test_a_closed_or_not_yet_open_round_sends_nothing(judging):
    _contest, round_, _judges, _entries = judging
    assert send_judge_reminders(now=round_.closes_at) == 0
    assert send_judge_reminders(now=round_.opens_at - timedelta(seconds=1)) == 0
    assert mail.outbox == []
    assert reminded() == []


def test_recused_assignments_and_inactive_judges_are_not_reminded(judging):
    _contest, round_, judges, _entries = judging
    round_.assignments.filter(judge=judges[0]).update(state="recused")
    judges[2].status = JudgeStatus.INACTIVE
    judges[2].save()
    assert send_judge_reminders() == 0
    assert mail.outbox == []


def test_the_mail_links_to_judging_and_names_no_team_or_entry(judging):
    contest, round_, judges, entries = judging
    send_judge_reminders()
    message = next(m for m in mail.outbox if m.to == [judges[2].email])
    assert contest.name in message.subject
    assert "2 件作品待评审" in message.subject
    assert "/judging/" in message.body
    assert round_.get_kind_display() in message.body
    for entry in entries:
        assert entry.title not in message.body
        assert entry.team.name not in message.body
        assert entry.team.organisation not in message.body


def test_a_concurrent_run_that_missed_the_check_is_stopped_by_the_constraint(judging):
    # Another run reminded judge 0 after this run read "who was reminded today": the unique
    # (judge, sent_on) row makes this run skip the judge without sending a second mail.
    from contests.services.outcomes import judge_reminders

    _contest, round_, judges, _entries = judging
    today = timezone.localdate()
    JudgeReminder.objects.create(judge=judges[0], sent_on=today, unfinished=1)

    assert judge_reminders._remind(judges[0], [(round_, 1)], today) == 0
    assert mail.outbox == []
    assert JudgeReminder.objects.filter(judge=judges[0]).count() == 1


def test_a_failed_mail_is_retried_on_the_next_run(judging, monkeypatch):
    _contest, _round, _judges, _entries = judging

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("contests.services.outcomes.judge_reminders.send_mail", broken)
    assert send_judge_reminders() == 0
    assert reminded() == []
    monkeypatch.undo()
    assert send_judge_reminders() == 2


def test_the_periodic_task_calls_the_service(judging):
    assert task_send_judge_reminders.apply().get() == 2
    assert len(mail.outbox) == 2


def test_a_judge_without_assignments_is_never_reminded(judging):
    JudgeFactory()
    assert send_judge_reminders() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_runs_on_postgresql_send_one_mail_per_judge(postgres):
    """Real threads, real connections: both runs see nobody reminded yet; the unique (judge, day)
    row lets one of them through per judge."""
    _contest, round_, _tracks, judges, entries = judging_setup(judges=2, entries=1, k=2)
    for judge in judges:
        assign(round_, entries[0], judge)
    barrier = threading.Barrier(3)
    counts = []

    def run():
        try:
            barrier.wait()
            counts.append(send_judge_reminders())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(judge.email for judge in judges)
    assert JudgeReminder.objects.count() == 2
