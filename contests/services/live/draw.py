"""The order of appearance, drawn by lot (抽签) once per session.

The draw is a pure function of the seed: each room's teams, taken in the order of their entries'
ids, are shuffled by ``random.Random("<seed>:<room slug>")``. Anyone holding the published seed can
repeat it and get the same order; the seed is recorded on the session and in the audit trail.
"""

import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import LiveRoom, LiveSession, LiveSessionStatus, LiveSlot
from contests.models.live import new_seed
from contests.services import ContestError
from contests.services.audit import record
from contests.services.live import bump


def drawn_order(seed, room_slug, entry_ids):
    """The entry ids in the order the lot gives them (same seed → same order)."""
    ordered = sorted(entry_ids)
    random.Random(f"{seed}:{room_slug}").shuffle(ordered)  # a public, repeatable lot: not a secret
    return ordered


def draw_order(session, *, actor, seed=None, now=None):
    """Draw every room's order once; refused when already drawn or when a room has no team."""
    seed = (seed or new_seed()).strip()
    now = now or timezone.now()
    with transaction.atomic():
        locked = LiveSession.objects.select_for_update().get(pk=session.pk)
        if locked.status != LiveSessionStatus.SETUP:
            raise ContestError(_("本场次已经抽签，不能重抽。"), code="drawn")
        rooms = list(LiveRoom.objects.filter(session=locked).order_by("sort_order", "id"))
        if not rooms:
            raise ContestError(_("本场次还没有会场。"), code="no_rooms")
        orders = {}
        for room in rooms:
            slots = {slot.entry_id: slot for slot in LiveSlot.objects.filter(room=room)}
            if not slots:
                raise ContestError(_("会场“%(room)s”还没有参赛团队。") % {"room": room.name}, code="empty_room")
            order = drawn_order(seed, room.slug, slots)
            for position, entry_id in enumerate(order, start=1):
                LiveSlot.objects.filter(pk=slots[entry_id].pk).update(order=position)
            orders[room.slug] = order
            bump(room)
        LiveSession.objects.filter(pk=locked.pk).update(
            status=LiveSessionStatus.DRAWN, draw_seed=seed, drawn_at=now, drawn_by=actor
        )
        locked.refresh_from_db()
        record(
            "live.order_drawn", locked, actor=actor, contest=locked.round.contest,
            after={"seed": seed, "drawn_at": now, "orders": orders},
        )  # fmt: skip
    session.refresh_from_db()
    return locked
