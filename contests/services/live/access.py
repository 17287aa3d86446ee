"""Finding a session, room, slot or appeal for a user: 404 for whatever is outside their scope.

The big screen and the draw page of a session exist for the public only once the organiser has
marked the session public (its hosts and the organisers may look before)."""

from django.http import Http404

from contests.choices import TeamRole
from contests.models import LiveAppeal, LiveRoom, LiveSession, LiveSlot, TeamMembership
from contests.rules import can_decide_live_appeal, can_host_live_room, is_organiser, leads_slot_team, sits_on_live_panel


def room_by_slugs(session_slug, room_slug):
    room = (
        LiveRoom.objects.select_related("session__round__contest", "chair")
        .filter(session__slug=session_slug, slug=room_slug)
        .first()
    )
    if room is None:
        raise Http404
    return room


def rooms_hosted_by(user):
    rooms = LiveRoom.objects.select_related("session__round__contest").order_by("session__id", "sort_order", "id")
    return rooms if is_organiser(user) else rooms.filter(hosts=user)


def room_for_host(user, session_slug, room_slug):
    room = room_by_slugs(session_slug, room_slug)
    if not can_host_live_room(user, room):
        raise Http404
    return room


def room_for_judge(user, session_slug, room_slug):
    room = room_by_slugs(session_slug, room_slug)
    if not sits_on_live_panel(user, room):
        raise Http404
    return room


def judge_of(user, room):
    return room.panel.filter(user=user).first()


def room_for_screen(user, session_slug, room_slug):
    room = room_by_slugs(session_slug, room_slug)
    if not (room.session.is_public or can_host_live_room(user, room)):
        raise Http404
    return room


def session_for_public(user, session_slug):
    session = LiveSession.objects.select_related("round__contest").filter(slug=session_slug).first()
    if session is None:
        raise Http404
    hosts = user.is_authenticated and session.rooms.filter(hosts=user).exists()
    if not (session.is_public or is_organiser(user) or hosts):
        raise Http404
    return session


def session_for_organiser(user, session_slug):
    session = LiveSession.objects.select_related("round__contest").filter(slug=session_slug).first()
    if session is None or not is_organiser(user):
        raise Http404
    return session


def slot_for_team(user, room, slot_id):
    """A slot of the room whose team the user leads (another team's slot is a 404)."""
    slot = LiveSlot.objects.select_related("entry__team", "room__session__round").filter(pk=slot_id, room=room).first()
    if slot is None or not leads_slot_team(user, slot):
        raise Http404
    return slot


def slot_for_host(user, room, slot_id):
    if not can_host_live_room(user, room):
        raise Http404
    slot = LiveSlot.objects.select_related("entry__team", "room__session__round").filter(pk=slot_id, room=room).first()
    if slot is None:
        raise Http404
    return slot


def appeal_for_chair(user, room, appeal_id):
    appeal = LiveAppeal.objects.select_related("slot__entry__team").filter(pk=appeal_id, slot__room=room).first()
    if appeal is None or not can_decide_live_appeal(user, room):
        raise Http404
    return appeal


def room_for_state(user, session_slug, room_slug):
    """The screen's room, whose state the room's panel may also poll (their tablets follow the stage)."""
    room = room_by_slugs(session_slug, room_slug)
    if not (room.session.is_public or can_host_live_room(user, room) or sits_on_live_panel(user, room)):
        raise Http404
    return room


def teams_led_by(user):
    """Ids of the teams ``user`` leads (their slots link to the sign-off and appeal pages)."""
    if not user.is_authenticated:
        return set()
    return set(TeamMembership.objects.filter(user=user, role=TeamRole.LEADER).values_list("team_id", flat=True))
