"""Setting up a live session: the session of a round, its rooms with hosts, panel and chair, and the
teams of each room. Each team of a room gets an assignment for each judge of the room's panel, so
the panel scores it through the round's ordinary scoring."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.choices import EntryStatus
from contests.models import (
    Assignment,
    AssignmentSource,
    AssignmentState,
    Entry,
    JudgeProfile,
    JudgeStatus,
    LiveRoom,
    LiveSession,
    LiveSessionStatus,
    LiveSlot,
)
from contests.services import ContestError
from contests.services.audit import record


def create_session(round_, *, name, slug, actor, is_public=False, **timing):
    """A new session of ``round_``; ``timing``: pitch_minutes, questions_minutes, appeal_minutes, starts_at."""
    with transaction.atomic():
        session = LiveSession.objects.create(round=round_, name=name, slug=slug, is_public=is_public, **timing)
        record("live.session_created", session, actor=actor, contest=round_.contest, after=_session_snapshot(session))
    return session


def _session_snapshot(session):
    return {
        "name": session.name,
        "round": session.round_id,
        "pitch_minutes": session.pitch_minutes,
        "questions_minutes": session.questions_minutes,
        "appeal_minutes": session.appeal_minutes,
        "missing_score_rule": session.missing_score_rule,
        "is_public": session.is_public,
    }


def add_room(session, *, name, slug, actor, panel=(), chair=None, hosts=(), sort_order=0):
    panel = list(panel)
    if session.status != LiveSessionStatus.SETUP:
        raise ContestError(_("已抽签的场次不能再增加会场。"), code="drawn")
    if chair is not None and chair not in panel:
        raise ContestError(_("评委组组长必须是本会场的评委。"), code="chair_not_on_panel")
    if any(judge.contest_id != session.round.contest_id for judge in panel):
        raise ContestError(_("评委必须是本届大赛的评委。"), code="judge_contest")
    with transaction.atomic():
        room = LiveRoom.objects.create(session=session, name=name, slug=slug, chair=chair, sort_order=sort_order)
        room.panel.set(panel)
        room.hosts.set(list(hosts))
        record(
            "live.room_created", room, actor=actor, contest=session.round.contest,
            after={"name": name, "panel": [j.pk for j in panel], "chair": chair and chair.pk,
                   "hosts": [u.pk for u in hosts]},
        )  # fmt: skip
    return room


def add_entries(room, entries, *, actor, now=None):
    """Put ``entries`` on the room's programme (before the draw) and give each judge of the panel an
    assignment for each (declared free of conflict by the organiser who set the panel up on site)."""
    now = now or timezone.now()
    session = room.session
    if session.status != LiveSessionStatus.SETUP:
        raise ContestError(_("已抽签的场次不能再增加团队。"), code="drawn")
    round_ = session.round
    judges = list(room.panel.all())
    slots = []
    with transaction.atomic():
        for entry in entries:
            if entry.contest_id != round_.contest_id:
                raise ContestError(_("作品必须属于本届大赛。"), code="entry_contest")
            slot, _created = LiveSlot.objects.get_or_create(room=room, entry=entry)
            slots.append(slot)
            for judge in judges:
                Assignment.objects.get_or_create(
                    round=round_, entry=entry, judge=judge, state=AssignmentState.ACTIVE,
                    defaults={"source": AssignmentSource.MANUAL, "created_by": actor,
                              "declared_no_conflict_at": now},
                )  # fmt: skip
        record(
            "live.entries_added", room, actor=actor, contest=round_.contest,
            after={"entries": [e.pk for e in entries]},
        )  # fmt: skip
    return slots


def set_public(session, *, public, actor):
    """Show (or hide) the session's big screens and draw to the public."""
    with transaction.atomic():
        LiveSession.objects.filter(pk=session.pk).update(is_public=public)
        record(
            "live.session_public", session, actor=actor, contest=session.round.contest,
            before={"is_public": session.is_public}, after={"is_public": public},
        )  # fmt: skip
        session.is_public = public
    return session


def room_candidates(session):
    """(judges, entries) an organiser may put in a new room of ``session``: the contest's active judges
    with an account, and its eligible or advanced entries not yet on this session's programme."""
    contest_id = session.round.contest_id
    judges = JudgeProfile.objects.filter(contest_id=contest_id, status=JudgeStatus.ACTIVE, user__isnull=False)
    entries = (
        Entry.objects.filter(contest_id=contest_id, status__in=[EntryStatus.ELIGIBLE, EntryStatus.ADVANCED])
        .exclude(live_slots__room__session=session)
        .select_related("track")
    )
    return judges.order_by("name", "pk"), entries.order_by("track__sort_order", "title", "pk")
