"""The live final (路演): setting up a session, drawing the order by lot, the host's steps on stage,
the judges' idempotent scores from their tablets, the figures on the big screen, the team's
sign-off, the on-site appeal and publishing what was announced.

Scores go through ``contests.services.judging.scoring.save_score`` on ordinary assignments of the
session's round, so the round's results are computed and published like any other round's.
Every change the big screen shows bumps ``LiveRoom.version`` (``bump``), the ETag of the room's state.
"""

from django.db.models import F

from contests.models import LiveRoom


def bump(room):
    """One more version of the room's state (call inside the transaction that changed it)."""
    LiveRoom.objects.filter(pk=room.pk).update(version=F("version") + 1)
    room.version += 1
