"""The big screen and its polled state cost the same number of queries with 3 judges as with 7."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests.services.live.stage import close_scoring
from tests.contests.factories.live import live_world
from tests.contests.live.helpers import score, to_scoring

pytestmark = pytest.mark.django_db


def _counts(client, judges, slug):
    world = live_world(judges=judges, slug=slug)
    slot = to_scoring(world)
    for judge in world.panel[:-1]:
        score(world, slot, judge, 0.7)
    kwargs = {"session_slug": world.session.slug, "room_slug": world.room.slug}
    client.get(reverse("contests:live:screen", kwargs=kwargs))  # site settings are cached after one page
    counts = []
    for name in ("screen", "state"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(f"contests:live:{name}", kwargs=kwargs))
        assert response.status_code == 200
        counts.append(len(queries))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("contests:live:state", kwargs=kwargs), HTTP_IF_NONE_MATCH=response["ETag"])
    assert response.status_code == 304
    counts.append(len(queries))
    return counts


def test_screen_and_state_queries_do_not_grow_with_the_panel(client):
    small = _counts(client, 3, "small")
    large = _counts(client, 7, "large")
    assert small == large
    assert small[2] == 1  # a poll that changed nothing: the room (with its version), nothing else


def _page_counts(client, entries, slug):
    world = live_world(entries=entries, slug=slug)
    slot = to_scoring(world)
    for judge in world.panel:
        score(world, slot, judge, 0.7)
    close_scoring(world.room, actor=world.host)
    client.force_login(world.host)
    pages = [
        reverse("contests:live:console", kwargs={"session_slug": slug, "room_slug": world.room.slug}),
        reverse("contests:live:session", kwargs={"session_slug": slug}),
    ]
    client.get(pages[0])
    counts = []
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        counts.append(len(queries))
    return counts


def test_console_and_record_queries_do_not_grow_with_the_programme(client):
    assert _page_counts(client, 2, "two") == _page_counts(client, 8, "eight")
