"""Steps shared by the live-final tests: bring the first team to scoring and score it."""

from contests.services.live.scoring import submit_live_score
from contests.services.live.stage import open_scoring, start_pitch, start_questions
from tests.contests.factories.live import values


def to_scoring(world):
    slot = start_pitch(world.room, actor=world.host)
    start_questions(world.room, actor=world.host)
    open_scoring(world.room, actor=world.host)
    world.room.refresh_from_db()
    slot.refresh_from_db()
    return slot


def score(world, slot, judge, fraction, key=None):
    return submit_live_score(
        world.room,
        judge,
        slot_id=slot.pk,
        key=key or f"tablet-key-{judge.pk}-{slot.pk}",
        values=values(world.criteria, fraction),
    )


def leaders(world, slot):
    """(the leader of the team on stage, the leader of another team of the room)."""
    index = world.entries.index(slot.entry)
    return world.leaders[index], world.leaders[index - 1]
