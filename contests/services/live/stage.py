"""The host's steps on stage, team by team: start the pitch (the next team in the drawn order),
start the questions, open scoring, mark a judge absent, close scoring. The timer is a deadline kept
on the slot (the screen counts down to it); every step locks the room, checks the slot's state on the
server and bumps the room's version."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import (
    Assignment,
    AssignmentState,
    LiveRoom,
    LiveSessionStatus,
    LiveSlot,
    Score,
    ScoreStatus,
    SlotState,
)
from contests.services import ContestError
from contests.services.audit import record
from contests.services.live import bump
from contests.services.live.figures import panel_of, slot_figures

DONE = (SlotState.CLOSED, SlotState.SIGNED_OFF)


def _lock(room):
    return LiveRoom.objects.select_for_update(of=("self",)).select_related("session__round__contest").get(pk=room.pk)


def _current(room):
    if room.current_slot_id is None:
        raise ContestError(_("当前没有上场的团队。"), code="no_slot")
    return LiveSlot.objects.select_for_update().get(pk=room.current_slot_id)


def _require(slot, *states):
    if slot.state not in states:
        raise ContestError(
            _("当前环节是“%(state)s”，不能执行此操作。") % {"state": slot.get_state_display()}, code="state"
        )


def _audit(action, slot, room, actor, before, **extra):
    record(
        action, slot, actor=actor, contest=room.session.round.contest,
        before={"state": before}, after={"state": slot.state, **extra},
    )  # fmt: skip


def next_slot(room):
    return LiveSlot.objects.filter(room=room, state=SlotState.WAITING, order__isnull=False).order_by("order").first()


def start_pitch(room, *, actor, now=None):
    """The next team in the drawn order takes the stage; the pitch timer starts."""
    now = now or timezone.now()
    with transaction.atomic():
        room = _lock(room)
        if room.session.status != LiveSessionStatus.DRAWN:
            raise ContestError(_("场次尚未抽签，不能开始。"), code="not_drawn")
        if room.current_slot_id is not None:
            _require(LiveSlot.objects.get(pk=room.current_slot_id), *DONE)
        slot = next_slot(room)
        if slot is None:
            raise ContestError(_("本会场的团队都已完成路演。"), code="finished")
        slot.state, slot.started_at = SlotState.PITCHING, now
        slot.deadline = now + timedelta(minutes=room.session.pitch_minutes)
        slot.save(update_fields=["state", "started_at", "deadline"])
        LiveRoom.objects.filter(pk=room.pk).update(current_slot=slot)
        bump(room)
        _audit("live.pitch_started", slot, room, actor, SlotState.WAITING, deadline=slot.deadline)
    return slot


def start_questions(room, *, actor, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        room = _lock(room)
        slot = _current(room)
        _require(slot, SlotState.PITCHING)
        slot.state, slot.questions_at = SlotState.QUESTIONS, now
        slot.deadline = now + timedelta(minutes=room.session.questions_minutes)
        slot.save(update_fields=["state", "questions_at", "deadline"])
        bump(room)
        _audit("live.questions_started", slot, room, actor, SlotState.PITCHING, deadline=slot.deadline)
    return slot


def open_scoring(room, *, actor, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        room = _lock(room)
        slot = _current(room)
        before = slot.state
        _require(slot, SlotState.PITCHING, SlotState.QUESTIONS)
        slot.state, slot.scoring_at, slot.deadline = SlotState.SCORING, now, None
        slot.save(update_fields=["state", "scoring_at", "deadline"])
        bump(room)
        _audit("live.scoring_opened", slot, room, actor, before)
    return slot


def _submitted_judge_ids(slot):
    return set(
        Score.objects.filter(
            assignment__round=slot.room.session.round_id,
            assignment__entry=slot.entry_id,
            assignment__state=AssignmentState.ACTIVE,
            status=ScoreStatus.SUBMITTED,
        ).values_list("assignment__judge_id", flat=True)
    )


def mark_absent(room, judge, *, actor, now=None):
    """The judge does not score the team on stage (missing-score rule: the others' scores count).
    Refused once the judge has submitted. Their assignment for the team is ended (kept as history)."""
    now = now or timezone.now()
    with transaction.atomic():
        room = _lock(room)
        slot = _current(room)
        _require(slot, SlotState.SCORING)
        if not room.panel.filter(pk=judge.pk).exists():
            raise ContestError(_("该评委不在本会场评委组中。"), code="not_on_panel")
        if judge.pk in _submitted_judge_ids(slot):
            raise ContestError(_("该评委已提交评分，不能标记为缺席。"), code="submitted")
        slot.absent_judges.add(judge)
        Assignment.objects.filter(
            round=room.session.round, entry=slot.entry_id, judge=judge, state=AssignmentState.ACTIVE
        ).update(state=AssignmentState.REMOVED, recusal_reason=_("路演现场缺席"), ended_at=now)
        bump(room)
        _audit("live.judge_absent", slot, room, actor, slot.state, judge=judge.pk)
    return slot


def missing_judges(slot, panel=None):
    """Judges of the panel who have neither submitted nor been marked absent."""
    panel = panel_of(slot.room) if panel is None else panel
    done = _submitted_judge_ids(slot) | set(slot.absent_judges.values_list("pk", flat=True))
    return [judge for judge in panel if judge.pk not in done]


def close_scoring(room, *, actor, now=None):
    """Close scoring for the team on stage: refused while a present judge has not submitted. Keeps
    the figures as shown, gives the sign-off code and opens the appeal window."""
    now = now or timezone.now()
    with transaction.atomic():
        room = _lock(room)
        slot = _current(room)
        _require(slot, SlotState.SCORING)
        slot.room = room
        panel = panel_of(room)
        missing = missing_judges(slot, panel)
        if missing:
            raise ContestError(
                _("还有 %(count)d 位评委未提交评分（%(numbers)s），请等待或标记缺席。")
                % {
                    "count": len(missing),
                    "numbers": "、".join(_("评委%(n)d") % {"n": panel.index(j) + 1} for j in missing),
                },
                code="missing",
            )
        absent = set(slot.absent_judges.values_list("pk", flat=True))
        figures = slot_figures(slot, panel, absent)
        if figures["final"] is None:
            raise ContestError(_("没有任何评委的评分，不能截止。"), code="no_scores")
        slot.state, slot.closed_at, slot.figures = SlotState.CLOSED, now, figures
        slot.final_score = figures["final"]
        slot.missing_score_rule = room.session.missing_score_rule if absent else ""
        slot.appeal_deadline = now + timedelta(minutes=room.session.appeal_minutes)
        slot.save(
            update_fields=["state", "closed_at", "figures", "final_score", "missing_score_rule", "appeal_deadline"]
        )
        bump(room)
        _audit("live.scoring_closed", slot, room, actor, SlotState.SCORING, figures=figures)
    return slot


def set_video(slot, url, *, actor):
    """The recording's link (stored elsewhere) on the slot's score record."""
    with transaction.atomic():
        before = slot.video_url
        LiveSlot.objects.filter(pk=slot.pk).update(video_url=url)
        slot.video_url = url
        record(
            "live.video_linked", slot, actor=actor, contest=slot.room.session.round.contest,
            before={"video_url": before}, after={"video_url": url},
        )  # fmt: skip
    return slot
