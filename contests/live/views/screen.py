"""The big screen of a room, its state (polled) and the public record of a session.

Live updates are short polls of ``state.json`` every two seconds with ``If-None-Match``: our
deployment is gunicorn sync workers behind nginx, where a server-sent-events stream would hold one
worker per open screen and need nginx's buffering turned off; a poll is one short request that
ends at once, answered 304 after one small query when nothing changed, and it survives any proxy.
Without JavaScript the screen refreshes itself (meta refresh)."""

from django.http import HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from contests.models import LiveSlot
from contests.rules import is_organiser
from contests.services.live.access import room_for_screen, room_for_state, session_for_public, teams_led_by
from contests.services.live.state import etag_of, room_state


@require_GET
def screen(request, session_slug, room_slug):
    room = room_for_screen(request.user, session_slug, room_slug)
    return render(request, "contests/live/screen.html", {"room": room, "state": room_state(room)})


@require_GET
def state_json(request, session_slug, room_slug):
    room = room_for_state(request.user, session_slug, room_slug)  # one query, the room's version with it
    etag = etag_of(room)
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = JsonResponse(room_state(room), json_dumps_params={"ensure_ascii": False})
    response["ETag"] = etag
    # Every poll asks again (no-cache): a proxy may keep the body but must revalidate it with the ETag.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@require_GET
def session_record(request, session_slug):
    """The session's public record: the drawn order per room with the seed, each team's final
    score, sign-off, appeal and video link once its scoring has closed."""
    session = session_for_public(request.user, session_slug)
    rooms = list(session.rooms.order_by("sort_order", "id"))
    slots = LiveSlot.objects.filter(room__session=session).select_related("entry", "signoff", "appeal")
    by_room = {room.pk: [] for room in rooms}
    for slot in slots.order_by("order", "id"):
        by_room[slot.room_id].append(slot)
    for room in rooms:
        room.programme = by_room[room.pk]
    context = {
        "session": session,
        "rooms": rooms,
        "is_organiser": is_organiser(request.user),
        "my_teams": teams_led_by(request.user),
    }
    return render(request, "contests/live/session.html", context)
