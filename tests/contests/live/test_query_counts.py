"""The big screen and its polled state cost the same number of queries with 3 judges as with 7."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
