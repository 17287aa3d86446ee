import pytest
from django.utils import timezone

from contests.services import datadesk as desk
from tests.contests.datadesk.builders import data_desk_world


@pytest.fixture
def world(contest, boss):
    return data_desk_world(contest, boss)


@pytest.fixture
def applied(world):
    """A pending request of our team for the agreement offer, made by the leader just now."""
    agreement = desk.current_agreement(world.offer)
    (request,) = desk.apply(
        world.ours.team, [world.offer], "分析门诊量分布", world.ours.leader, "10.0.0.1", timezone.now(),
        accepting=[agreement],
    )  # fmt: skip
    return request


@pytest.fixture
def approved(world, applied):
    return desk.decide(applied, world.unit_user, True, "同意", applied.version, timezone.now())
