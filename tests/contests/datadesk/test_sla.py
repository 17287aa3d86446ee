"""The answer clock and the hourly sweep: reminders one working day before, escalation after the
deadline, each once — across a weekend and across the 2026 mid-autumn and national-day holidays."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from cms.models import CalendarDay
from cms.workdays import SHANGHAI
from contests.choices import DataRequestStatus
from contests.models import DataRequest
from contests.services import datadesk as desk
from contests.services.datadesk_sla import sla_clock, sweep_data_desk
from contests.tasks.datadesk import task_sweep_data_desk
from tests.contests.factories import ContestFactory
from tests.contests.factories.judging import organiser

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def contest():
    # Running through the autumn of 2026, whatever day the tests run.
    return ContestFactory(
        registration_opens=at("2026-06-01T00:00"),
        registration_closes=at("2026-09-01T00:00"),
        submission_deadline=at("2026-11-01T00:00"),
        judging_starts=at("2026-11-02T00:00"),
        judging_ends=at("2026-11-20T00:00"),
        results_date=at("2026-12-31T00:00"),
    )


def _apply_at(world, moment):
    with time_machine.travel(moment, tick=False):
        (request,) = desk.apply(
            world.ours.team, [world.offer], "分析", world.ours.leader, "", timezone.now(),
            accepting=[desk.current_agreement(world.offer)],
        )  # fmt: skip
    mail.outbox.clear()
    return request


def _sweep(moment, capture):
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return sweep_data_desk(timezone.now())


def test_thursday_before_the_mid_autumn_friday(world, django_capture_on_commit_callbacks):
    request = _apply_at(world, at("2026-09-24T16:00"))
    assert request.due_at == at("2026-10-09T23:59:59")
    clock = sla_clock(request, at("2026-09-24T16:00"))
    assert (clock.working_days_left, clock.overdue, clock.due_soon) == (5, False, False)

    # Through both holidays nothing is due: 10/7 (last day of 国庆) still has two working days left.
    for moment in ("2026-09-30T10:00", "2026-10-03T10:00", "2026-10-07T20:00"):
        assert _sweep(at(moment), django_capture_on_commit_callbacks)["reminded"] == 0
    assert mail.outbox == []

    # Thursday 10/8, the working day before the due day: the unit is reminded, once.
    assert _sweep(at("2026-10-08T00:30"), django_capture_on_commit_callbacks)["reminded"] == 1
    assert _sweep(at("2026-10-09T12:00"), django_capture_on_commit_callbacks)["reminded"] == 0
    assert [m.to for m in mail.outbox] == [[world.unit_user.email]]
    assert "即将到期" in mail.outbox[0].subject

    # Due Friday night; the 调休 Saturday 10/10 at midnight the organisers hear of it, once.
    assert _sweep(at("2026-10-09T23:59:59"), django_capture_on_commit_callbacks)["escalated"] == 0
    assert _sweep(at("2026-10-10T00:00:30"), django_capture_on_commit_callbacks)["escalated"] == 1
    assert _sweep(at("2026-10-10T01:00"), django_capture_on_commit_callbacks)["escalated"] == 0
    request.refresh_from_db()
    assert (request.reminded_at, request.escalated_at) == (at("2026-10-08T00:30"), at("2026-10-10T00:00:30"))
    assert [m.to for m in mail.outbox[1:]] == [[world.organiser.email]]
    assert "逾期" in mail.outbox[1].subject
    assert sla_clock(request, at("2026-10-10T09:00")).overdue


def test_friday_request_across_a_weekend(world, django_capture_on_commit_callbacks):
    request = _apply_at(world, at("2026-12-04T18:00"))  # Friday
    assert request.due_at == at("2026-12-11T23:59:59")  # next Friday
    assert sla_clock(request, at("2026-12-05T10:00")).working_days_left == 5  # Saturday: nothing counted yet
    assert _sweep(at("2026-12-09T23:00"), django_capture_on_commit_callbacks)["reminded"] == 0  # Wednesday
    assert _sweep(at("2026-12-10T08:00"), django_capture_on_commit_callbacks)["reminded"] == 1  # Thursday
    assert _sweep(at("2026-12-12T08:00"), django_capture_on_commit_callbacks)["escalated"] == 1  # Saturday


def test_a_holiday_the_organisers_add_moves_the_reminder(world, django_capture_on_commit_callbacks):
    CalendarDay.objects.create(date=dt.date(2026, 12, 10), name="临时假日")  # the Thursday
    request = _apply_at(world, at("2026-12-04T18:00"))
    assert request.due_at == at("2026-12-14T23:59:59")  # Monday
    # Friday 12/11 is now the working day before the due day; the weekend in between still counts as "one left".
    assert _sweep(at("2026-12-10T12:00"), django_capture_on_commit_callbacks)["reminded"] == 0
    assert _sweep(at("2026-12-11T09:00"), django_capture_on_commit_callbacks)["reminded"] == 1


def test_a_request_answered_in_time_is_neither_reminded_nor_escalated(world, django_capture_on_commit_callbacks):
    request = _apply_at(world, at("2026-12-04T18:00"))
    with time_machine.travel(at("2026-12-07T09:00"), tick=False):
        desk.decide(request, world.unit_user, True, "", request.version, timezone.now())
    mail.outbox.clear()
    assert _sweep(at("2026-12-12T08:00"), django_capture_on_commit_callbacks) == {
        "reminded": 0, "escalated": 0, "expired": 0
    }  # fmt: skip
    assert mail.outbox == []


def test_approved_access_expires_at_the_results_date(world, django_capture_on_commit_callbacks):
    request = _apply_at(world, at("2026-12-04T18:00"))
    with time_machine.travel(at("2026-12-07T09:00"), tick=False):
        desk.decide(request, world.unit_user, True, "", request.version, timezone.now())
    assert _sweep(at("2026-12-30T23:00"), django_capture_on_commit_callbacks)["expired"] == 0
    assert _sweep(at("2026-12-31T00:00"), django_capture_on_commit_callbacks)["expired"] == 1
    assert DataRequest.objects.get().status == DataRequestStatus.EXPIRED


def test_the_celery_task_runs_the_sweep(world, django_capture_on_commit_callbacks):
    _apply_at(world, at("2026-12-04T18:00"))
    with time_machine.travel(at("2026-12-12T08:00"), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert task_sweep_data_desk.delay().get() == {"reminded": 0, "escalated": 1, "expired": 0}


def test_the_sweep_is_in_the_beat_schedule(settings):
    assert settings.CELERY_BEAT_SCHEDULE["contests-data-desk-sweep"]["task"] == "contests.sweep_data_desk"


def test_a_unit_without_members_is_reached_at_its_contact_address(world, django_capture_on_commit_callbacks):
    world.unit.members.all().delete()
    _apply_at(world, at("2026-12-04T18:00"))
    _sweep(at("2026-12-10T08:00"), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[world.unit.contact_email]]


def test_escalation_goes_to_every_organiser(world, django_capture_on_commit_callbacks):
    second = organiser(email="second.organiser@example.org")
    _apply_at(world, at("2026-12-04T18:00"))
    _sweep(at("2026-12-12T08:00"), django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.organiser.email, second.email])
