"""Setting a session up through its pages: organisers only (404 for anyone else); a room's panel
gets an assignment for every team of the room; publicity is the organiser's switch."""

import pytest
from django.urls import reverse

from contests.models import Assignment, LiveSession
from tests.contests.factories import UserFactory
from tests.contests.factories.judging import eligible_entry
from tests.contests.factories.live import live_world

pytestmark = pytest.mark.django_db


def test_an_organiser_sets_up_a_session_and_a_room(client):
    world = live_world(drawn=False, entries=1, slug="old")
    client.force_login(world.boss)
    host = UserFactory(email="Host2@example.org")
    response = client.post(
        reverse("contests:live:setup"),
        {"round": world.round.pk, "name": "复赛路演", "slug": "semi", "pitch_minutes": 8, "questions_minutes": 7,
         "appeal_minutes": 20},
    )  # fmt: skip
    session = LiveSession.objects.get(slug="semi")
    assert (response["Location"], session.is_public) == (f"/live/{session.slug}/rooms/new/", False)
    entries = [eligible_entry(world.contest, world.entries[0].track) for _ in range(2)]
    client.post(
        reverse("contests:live:room_new", kwargs={"session_slug": "semi"}),
        {"name": "第二会场", "slug": "b", "hosts": "host2@example.org\n", "panel": [j.pk for j in world.panel[:2]],
         "chair": world.panel[0].pk, "entries": [e.pk for e in entries]},
    )  # fmt: skip
    room = session.rooms.get()
    assert (list(room.hosts.all()), room.chair, room.slots.count()) == ([host], world.panel[0], 2)
    assert Assignment.objects.filter(round=world.round, entry__in=entries).count() == 4
    client.post(reverse("contests:live:publicity", kwargs={"session_slug": "semi"}), {"public": "1"})
    session.refresh_from_db()
    assert session.is_public is True


def test_the_chair_must_sit_on_the_panel_and_hosts_must_exist(client):
    world = live_world(drawn=False, entries=1)
    client.force_login(world.boss)
    response = client.post(
        reverse("contests:live:room_new", kwargs={"session_slug": world.session.slug}),
        {"name": "第二会场", "slug": "b", "hosts": "nobody@example.org", "panel": [world.panel[1].pk],
         "chair": world.panel[0].pk, "entries": []},
    )  # fmt: skip
    html = response.content.decode()
    assert ("没有这些邮箱的账号：nobody@example.org" in html, "评委组组长必须是本会场的评委。" in html) == (True, True)
    assert world.session.rooms.count() == 1


def test_set_up_pages_are_404_for_hosts_and_judges(client):
    world = live_world()
    for user in (world.host, world.panel[0].user):
        client.force_login(user)
        assert client.get(reverse("contests:live:setup")).status_code == 404
        assert (
            client.get(reverse("contests:live:room_new", kwargs={"session_slug": world.session.slug})).status_code
            == 404
        )
