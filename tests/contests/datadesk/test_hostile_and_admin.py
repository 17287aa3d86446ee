"""Hostile text in what teams and units type (purpose, reasons, names) stays text on every page and in
the e-mails; organisers keep the holiday calendar in the admin, and it moves the clock."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms.models import CalendarDay
from cms.workdays import SHANGHAI, add_working_days
from contests.services import datadesk as desk
from tests.security.hostile_fixtures import IMG, SCRIPT, assert_inert

pytestmark = pytest.mark.django_db


def test_hostile_purpose_and_reasons_stay_text(client, world, django_capture_on_commit_callbacks):
    world.ours.team.name = IMG
    world.ours.team.save()
    agreement = desk.current_agreement(world.offer)
    with django_capture_on_commit_callbacks(execute=True):
        (request,) = desk.apply(
            world.ours.team, [world.offer], SCRIPT + IMG, world.ours.leader, "", timezone.now(), accepting=[agreement]
        )
        desk.decide(request, world.unit_user, False, SCRIPT + IMG, request.version, timezone.now())
    client.force_login(world.unit_user)
    for url in (
        reverse("contests:units:data_requests"),
        reverse("contests:units:data_request_decide", kwargs={"pk": request.pk}),
    ):
        assert_inert(client.get(url).content.decode(), url)
    client.force_login(world.ours.leader)
    url = reverse("contests:team_data", kwargs={"pk": world.ours.team.pk})
    html = client.get(url).content.decode()
    assert_inert(html, url)
    assert "&lt;script&gt;" in html
    # Plain-text e-mails carry the text as typed (nothing there renders markup).
    assert SCRIPT in mail.outbox[-1].body


def test_the_confirmation_page_keeps_a_hostile_purpose_inert(client, world):
    client.force_login(world.ours.leader)
    agreement = desk.current_agreement(world.offer)
    response = client.post(
        reverse("contests:team_data_apply", kwargs={"pk": world.ours.team.pk}),
        {"offers": [world.offer.pk], "purpose": IMG + SCRIPT, "agree": [agreement.pk]},
    )
    assert_inert(response.content.decode(), "apply confirmation")


def test_an_organiser_adds_a_holiday_in_the_admin_and_the_clock_moves(client, boss):
    start = dt.datetime(2027, 3, 4, 9, tzinfo=SHANGHAI)  # a Thursday; no 2027 schedule seeded
    assert add_working_days(start, 1) == dt.datetime(2027, 3, 5, 23, 59, 59, tzinfo=SHANGHAI)
    client.force_login(boss)
    response = client.post(
        reverse("calendar_days:add"), {"date": "2027-03-05", "name": "测试假日", "is_working_day": ""}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=dt.date(2027, 3, 5)).is_working_day is False
    assert add_working_days(start, 1) == dt.datetime(2027, 3, 8, 23, 59, 59, tzinfo=SHANGHAI)


def test_a_team_member_cannot_open_the_calendar_admin(client, world):
    client.force_login(world.ours.leader)
    response = client.get(reverse("calendar_days:index"))
    assert response.status_code == 302 and "/login/" in response.url
