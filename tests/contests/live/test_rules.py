"""The live final's predicates, one table: who hosts, scores in, chairs and signs for a room."""

import pytest

from contests.rules import can_decide_live_appeal, can_host_live_room, leads_slot_team, sits_on_live_panel
from tests.contests.factories import UserFactory
from tests.contests.factories.live import live_world
from tests.contests.live.helpers import leaders

pytestmark = pytest.mark.django_db


def test_live_predicates_by_role():
    world = live_world()
    slot = world.room.slots.order_by("order").first()
    leader, other_leader = leaders(world, slot)
    people = {
        "organiser": world.boss,
        "host": world.host,
        "chair": world.panel[0].user,
        "judge": world.panel[1].user,
        "leader": leader,
        "other leader": other_leader,
        "stranger": UserFactory(),
    }
    table = {
        name: (
            can_host_live_room(user, world.room),
            sits_on_live_panel(user, world.room),
            can_decide_live_appeal(user, world.room),
            leads_slot_team(user, slot),
        )
        for name, user in people.items()
    }
    assert table == {
        "organiser": (True, False, True, False),
        "host": (True, False, False, False),
        "chair": (False, True, True, False),
        "judge": (False, True, False, False),
        "leader": (False, False, False, True),
        "other leader": (False, False, False, False),
        "stranger": (False, False, False, False),
    }
