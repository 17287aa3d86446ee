"""The room's state as the big screen and the host console read it (``/live/<s>/<r>/state.json``).

Its ETag is the room's version: a poll that already holds it gets a 304 after one small query.
The screen shows the entry's public title only; the figures name judges by number."""

from django.utils import timezone

from contests.models import LiveAppeal, LiveSlot, SlotState
from contests.services.live.figures import panel_of, slot_figures

SHOWN_AFTER_CLOSE = (SlotState.CLOSED, SlotState.SIGNED_OFF)


def etag_of(room):
    return f'"live-{room.pk}-{room.version}"'


def _iso(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def room_state(room, now=None):
    now = now or timezone.now()
    state = {
        "version": room.version,
        "session": room.session.name,
        "room": room.name,
        "now": _iso(now),
        "slot": None,
        "next": None,
    }
    upcoming = (
        LiveSlot.objects.filter(room=room, state=SlotState.WAITING, order__isnull=False)
        .select_related("entry")
        .order_by("order")
        .first()
    )
    if upcoming is not None:
        state["next"] = {"order": upcoming.order, "title": upcoming.entry.title}
    if room.current_slot_id is None:
        return state
    slot = LiveSlot.objects.select_related("entry").get(pk=room.current_slot_id)
    slot.room = room
    if slot.state in SHOWN_AFTER_CLOSE and slot.figures:
        figures = slot.figures
    else:
        absent = set(slot.absent_judges.values_list("pk", flat=True))
        figures = slot_figures(slot, panel_of(room), absent)
    appeal = LiveAppeal.objects.filter(slot=slot).first()
    state["slot"] = {
        "id": slot.pk,
        "order": slot.order,
        "title": slot.entry.title,
        "state": slot.state,
        "state_label": str(slot.get_state_display()),
        "deadline": _iso(slot.deadline),
        "judges": [{k: row[k] for k in ("number", "total", "status", "dropped")} for row in figures["judges"]],
        "submitted": figures["submitted"],
        "expected": figures["expected"],
        "final": figures["final"] if slot.state in SHOWN_AFTER_CLOSE else None,
        "trimmed": figures["trimmed"],
        "appeal": str(appeal.get_status_display()) if appeal else None,
    }
    return state
