"""Finalist confirmation services: creation with advancement, answering before the deadline, lapsing,
reminders, and the waitlist (ordering, skipping, refusals, one replacement per place)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from contests.choices import EntryStatus
from contests.models import Assignment, AssignmentState, AuditEvent, Entry
from contests.models.finalists import FinalistConfirmation, FinalistStatus
from contests.services import ContestError
from contests.services.judging.assignment import entries_for_round
from contests.services.outcomes import finalists
from tests.contests.factories.judging import JudgeFactory
from tests.contests.finalists.helpers import DEADLINE, DECIDED, build, confirmation_of, leader

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(DECIDED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def w(clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build()


def statuses(world):
    return sorted((c.entry.title, c.status) for c in world.decision.finalists.select_related("entry"))


def test_advancement_with_a_deadline_creates_one_pending_confirmation_per_finalist_and_mails_teams(w):
    assert statuses(w) == [
        ("养老作品1", "pending"), ("养老作品2", "pending"), ("医疗作品1", "pending"), ("医疗作品2", "pending"),
    ]  # fmt: skip
    assert {c.deadline for c in w.decision.finalists.all()} == {DEADLINE}
    # Team 1 of 医疗健康 has a leader, a member and an adviser: all three are told.
    to_team1 = [m for m in mail.outbox if "医疗作品1" in m.subject]
    assert sorted(m.to[0] for m in to_team1) == sorted([leader(w.h[0]).email, w.member.email, w.adviser.email])
    assert len(mail.outbox) == 4 + 2  # one per member of the four teams (team 1 has three)
    assert AuditEvent.objects.filter(action="finalists.require").count() == 1


def test_deadline_must_be_in_the_future(clock):
    with pytest.raises(ContestError) as error:
        build(deadline=DECIDED - timedelta(minutes=1))
    assert error.value.code == "deadline"
    assert FinalistConfirmation.objects.count() == 0


def test_advancement_without_a_deadline_creates_no_confirmations(clock):
    world = build(require=False)
    assert world.decision.finalists.count() == 0


def test_leader_confirms_and_member_may_answer_but_adviser_may_not(w):
    confirmation = confirmation_of(w, w.h[0])
    with pytest.raises(ContestError) as error:
        finalists.respond(confirmation, user=w.adviser, accept=True)
    assert error.value.code == "permission"
    with pytest.raises(ContestError):
        finalists.respond(confirmation, user=leader(w.h[1]), accept=True)  # another team's leader
    answered = finalists.respond(confirmation, user=w.member, accept=True)
    assert (answered.status, answered.responded_by, answered.responded_at) == ("confirmed", w.member, DECIDED)
    with pytest.raises(ContestError) as error:
        finalists.respond(confirmation, user=leader(w.h[0]), accept=False, reason="改主意了")
    assert error.value.code == "answered"
    assert AuditEvent.objects.filter(action="finalists.confirm", object_id=str(confirmation.pk)).count() == 1


def test_decline_needs_a_reason_and_takes_the_entry_out_of_the_next_round(w):
    confirmation = confirmation_of(w, w.h[1])
    judge = JudgeFactory(contest=w.contest, tracks=[w.health])
    assignment = Assignment.objects.create(round=w.final, entry=w.h[1], judge=judge)
    with pytest.raises(ContestError) as error:
        finalists.respond(confirmation, user=leader(w.h[1]), accept=False, reason="   ")
    assert error.value.code == "reason_required"
    assert w.h[1] in entries_for_round(w.final)
    finalists.respond(confirmation, user=leader(w.h[1]), accept=False, reason="核心成员出国，无法参加现场答辩")
    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.decline_reason) == ("declined", "核心成员出国，无法参加现场答辩")
    entry = Entry.objects.get(pk=w.h[1].pk)
    # Back to ELIGIBLE in the round it was ranked in: no longer judged in the final.
    assert (entry.status, entry.current_round) == (EntryStatus.ELIGIBLE, w.first)
    assert list(entries_for_round(w.final).order_by("title")) == [w.c[0], w.c[1], w.h[0]]
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.REMOVED
    assert AuditEvent.objects.filter(action="finalists.decline", object_id=str(confirmation.pk)).count() == 1


def test_decline_reason_is_limited(w):
    with pytest.raises(ContestError) as error:
        finalists.respond(confirmation_of(w, w.h[1]), user=leader(w.h[1]), accept=False, reason="长" * 2001)
    assert error.value.code == "reason_length"


def test_after_the_deadline_the_team_can_no_longer_answer_and_the_place_lapses(w, clock):
    confirmation = confirmation_of(w, w.h[0])
    clock.move_to(DEADLINE)
    with pytest.raises(ContestError) as error:
        finalists.respond(confirmation, user=leader(w.h[0]), accept=True)
    assert error.value.code == "deadline"
    confirmation.refresh_from_db()
    assert confirmation.status == FinalistStatus.LAPSED
    assert Entry.objects.get(pk=w.h[0].pk).status == EntryStatus.ELIGIBLE


def test_lapse_overdue_lapses_only_pending_past_their_deadline(w):
    finalists.respond(confirmation_of(w, w.h[0]), user=leader(w.h[0]), accept=True)
    assert finalists.lapse_overdue(DEADLINE - timedelta(seconds=1)) == 0
    assert finalists.lapse_overdue(DEADLINE) == 3
    assert finalists.lapse_overdue(DEADLINE) == 0  # a second run finds nothing
    assert statuses(w) == [
        ("养老作品1", "lapsed"), ("养老作品2", "lapsed"), ("医疗作品1", "confirmed"), ("医疗作品2", "lapsed"),
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="finalists.lapse").count() == 3


def test_reminder_goes_once_24_hours_before_the_deadline(w, django_capture_on_commit_callbacks):
    finalists.respond(confirmation_of(w, w.h[0]), user=leader(w.h[0]), accept=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert finalists.send_due_reminders(DEADLINE - timedelta(hours=25)) == 0
        assert finalists.send_due_reminders(DEADLINE - timedelta(hours=24)) == 3
        assert finalists.send_due_reminders(DEADLINE - timedelta(hours=2)) == 0
    assert len(mail.outbox) == 3 and all("即将截止" in m.subject for m in mail.outbox)
    assert not any("医疗作品1" in m.subject for m in mail.outbox)


def decline(w, entry, reason="无法参赛"):
    return finalists.respond(confirmation_of(w, entry), user=leader(entry), accept=False, reason=reason)


def test_next_candidate_is_the_next_ranked_of_the_same_track(w):
    declined = decline(w, w.h[0])
    row, entry = finalists.next_candidate(declined)
    assert (entry, row["rank"]) == (w.h[2], 3)


def test_next_candidate_skips_offered_advanced_and_ineligible_entries(w):
    first = decline(w, w.h[0])
    replacement = finalists.replace(first, deadline=DEADLINE, actor=w.boss)
    assert replacement.entry == w.h[2]
    # 医疗作品4 turned out ineligible; 医疗作品2 declines: its place goes to 医疗作品5.
    Entry.objects.filter(pk=w.h[3].pk).update(status=EntryStatus.INELIGIBLE)
    second = decline(w, w.h[1])
    assert finalists.next_candidate(second)[1] == w.h[4]
    # The first decliner is back in round 1 but was offered a place already: never again.
    assert w.h[0].pk not in [finalists.next_candidate(second)[1].pk]


def test_replace_moves_the_entry_on_as_advancement_does(w, django_capture_on_commit_callbacks):
    declined = decline(w, w.h[1])
    mail.outbox.clear()
    later = DEADLINE + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        new = finalists.replace(declined, deadline=later, actor=w.boss, expected_entry_id=w.h[2].pk)
    assert (new.entry, new.replaces, new.status, new.deadline) == (w.h[2], declined, "pending", later)
    entry = Entry.objects.get(pk=w.h[2].pk)
    assert (entry.status, entry.current_round) == (EntryStatus.ADVANCED, w.final)
    assert list(entries_for_round(w.final).order_by("title")) == [w.c[0], w.c[1], w.h[0], w.h[2]]
    assert [m.to[0] for m in mail.outbox] == [leader(w.h[2]).email]
    assert "递补" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="finalists.replace", object_id=str(new.pk)).count() == 1


def test_a_place_is_replaced_only_once(w):
    declined = decline(w, w.h[1])
    finalists.replace(declined, deadline=DEADLINE, actor=w.boss)
    with pytest.raises(ContestError) as error:
        finalists.replace(declined, deadline=DEADLINE, actor=w.boss)  # the second organiser's click
    assert error.value.code == "not_open"
    assert FinalistConfirmation.objects.filter(replaces=declined).count() == 1
    assert Entry.objects.get(pk=w.h[3].pk).status == EntryStatus.ELIGIBLE


def test_a_racing_second_replacement_is_stopped_by_the_constraint(w, monkeypatch):
    """As if the second organiser's check ran before the first one committed (no lock, e.g. SQLite
    without select_for_update): the one-to-one ``replaces`` refuses, and nothing of it stays."""
    declined = decline(w, w.h[1])
    finalists.replace(declined, deadline=DEADLINE, actor=w.boss)
    monkeypatch.setattr(finalists, "replacement_problem", lambda confirmation: "")
    with pytest.raises(ContestError) as error:
        finalists.replace(declined, deadline=DEADLINE, actor=w.boss)
    assert error.value.code == "not_open"
    assert Entry.objects.get(pk=w.h[3].pk).status == EntryStatus.ELIGIBLE
    assert FinalistConfirmation.objects.filter(decision=w.decision).count() == 5


def test_a_moved_waitlist_is_refused(w):
    declined = decline(w, w.h[1])
    Entry.objects.filter(pk=w.h[2].pk).update(status=EntryStatus.INELIGIBLE)
    with pytest.raises(ContestError) as error:
        finalists.replace(declined, deadline=DEADLINE, actor=w.boss, expected_entry_id=w.h[2].pk)
    assert error.value.code == "changed"
    assert FinalistConfirmation.objects.filter(replaces=declined).count() == 0


def test_pending_or_confirmed_places_cannot_be_replaced(w):
    with pytest.raises(ContestError) as error:
        finalists.replace(confirmation_of(w, w.h[0]), deadline=DEADLINE, actor=w.boss)
    assert error.value.code == "not_open"


def test_empty_waitlist_is_said(w):
    # 智慧养老 has three ranked entries: one replacement empties its waitlist.
    first = decline(w, w.c[0])
    finalists.replace(first, deadline=DEADLINE, actor=w.boss)
    second = decline(w, w.c[1])
    assert finalists.next_candidate(second) is None
    with pytest.raises(ContestError) as error:
        finalists.replace(second, deadline=DEADLINE, actor=w.boss)
    assert (error.value.code, error.value.message) == ("empty", "候补名单已空：本赛道没有可递补的作品。")


def test_public_changes_are_counts_per_track(w):
    declined = decline(w, w.h[1])
    finalists.replace(declined, deadline=DEADLINE, actor=w.boss)
    finalists.lapse_overdue(DEADLINE)
    changes = finalists.public_changes(w.contest)
    assert [(c["track"].name, c["declined"], c["lapsed"], c["replaced"]) for c in changes] == [
        ("医疗健康", 1, 2, 1),
        ("智慧养老", 0, 2, 0),
    ]


def test_the_periodic_task_lapses_and_reminds_and_is_scheduled(w, clock, django_capture_on_commit_callbacks):
    from django.conf import settings

    from contests.tasks.finalists import task_sweep_finalists

    assert settings.CELERY_BEAT_SCHEDULE["contests-finalists-sweep"]["task"] == "contests.sweep_finalists"
    finalists.respond(confirmation_of(w, w.h[0]), user=leader(w.h[0]), accept=True)
    mail.outbox.clear()
    clock.move_to(DEADLINE - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert task_sweep_finalists() == {"lapsed": 0, "reminded": 3}
    assert len(mail.outbox) == 3
    clock.move_to(DEADLINE)
    assert task_sweep_finalists() == {"lapsed": 3, "reminded": 0}
    assert FinalistConfirmation.objects.filter(status=FinalistStatus.LAPSED).count() == 3
