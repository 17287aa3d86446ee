"""After scoring closes: the team signs its score off (on the host's device, or on its own phone
with the code the host's device shows), or its leader appeals within the window (opened at close,
``LiveSession.appeal_minutes`` long, on the server's clock); the room's chair decides the appeal
before the results are announced. All of it is in the public record of the session."""

import hmac

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import (
    LiveAppeal,
    LiveAppealStatus,
    LiveSignOff,
    LiveSlot,
    ResultPublication,
    SignOffMethod,
    SlotState,
)
from contests.rules import can_decide_live_appeal, can_host_live_room, leads_slot_team
from contests.services import ContestError
from contests.services.audit import record
from contests.services.live import bump

# Six digits are few: after this many wrong codes for a slot the team signs off on the host's device.
CODE_ATTEMPTS = 5


def _attempts_key(slot):
    return f"live-signoff-attempts:{slot.pk}"


def _lock_slot(slot):
    return (
        LiveSlot.objects.select_for_update(of=("self",)).select_related("room__session__round__contest").get(pk=slot.pk)
    )


def sign_off(slot, *, actor, method, code="", representative="", now=None):
    now = now or timezone.now()
    with transaction.atomic():
        slot = _lock_slot(slot)
        if method == SignOffMethod.TEAM_CODE:
            if not leads_slot_team(actor, slot):
                raise ContestError(_("只有该团队的队长可以确认。"), code="forbidden")
            attempts = cache.get(_attempts_key(slot), 0)
            if attempts >= CODE_ATTEMPTS:
                raise ContestError(_("确认码错误次数过多，请在主持人设备上确认。"), code="locked")
            if not hmac.compare_digest((code or "").strip(), slot.signoff_code):
                cache.set(_attempts_key(slot), attempts + 1, 24 * 3600)
                raise ContestError(_("确认码不正确，请核对主持人屏幕上的确认码。"), code="bad_code")
        elif not can_host_live_room(actor, slot.room):
            raise ContestError(_("只有本会场的主持人可以记录团队确认。"), code="forbidden")
        if slot.state != SlotState.CLOSED:
            raise ContestError(_("评分截止后、尚未确认时才能确认。"), code="state")
        if LiveAppeal.objects.filter(slot=slot).exists():
            raise ContestError(_("该团队已提出申诉，待组长裁决。"), code="appealed")
        signoff = LiveSignOff.objects.create(
            slot=slot, method=method, confirmed_by=actor, representative=representative.strip(), confirmed_at=now
        )
        LiveSlot.objects.filter(pk=slot.pk).update(state=SlotState.SIGNED_OFF)
        bump(slot.room)
        record(
            "live.signed_off", slot, actor=actor, contest=slot.room.session.round.contest,
            before={"state": SlotState.CLOSED},
            after={"state": SlotState.SIGNED_OFF, "method": method, "final_score": slot.final_score},
        )  # fmt: skip
    return signoff


def appeal_open(slot, now=None):
    now = now or timezone.now()
    return slot.state == SlotState.CLOSED and slot.appeal_deadline is not None and now <= slot.appeal_deadline


def file_live_appeal(slot, *, actor, reason, now=None):
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        slot = _lock_slot(slot)
        if not leads_slot_team(actor, slot):
            raise ContestError(_("只有该团队的队长可以提出申诉。"), code="forbidden")
        if LiveAppeal.objects.filter(slot=slot).exists():
            raise ContestError(_("该团队已经提出过申诉。"), code="duplicate")
        if not appeal_open(slot, now):
            raise ContestError(_("现场申诉时限已过或评分尚未截止，不能提出申诉。"), code="window")
        if not reason:
            raise ContestError(_("请填写申诉理由。"), code="reason")
        appeal = LiveAppeal.objects.create(
            slot=slot, reason=reason, filed_by=actor, opened_at=now, deadline=slot.appeal_deadline
        )
        bump(slot.room)
        record(
            "live.appeal_filed", appeal, actor=actor, contest=slot.room.session.round.contest,
            after={"slot": slot.pk, "reason": reason},
        )  # fmt: skip
    return appeal


def decide_live_appeal(appeal, *, actor, upheld, decision, now=None):
    now = now or timezone.now()
    decision = (decision or "").strip()
    with transaction.atomic():
        appeal = LiveAppeal.objects.select_for_update().get(pk=appeal.pk)
        slot = LiveSlot.objects.select_related("room__session__round__contest").get(pk=appeal.slot_id)
        if not can_decide_live_appeal(actor, slot.room):
            raise ContestError(_("只有本会场评委组组长可以裁决申诉。"), code="forbidden")
        if appeal.status != LiveAppealStatus.PENDING:
            raise ContestError(_("该申诉已经裁决。"), code="decided")
        if ResultPublication.objects.filter(round=slot.room.session.round_id).exists():
            raise ContestError(_("结果已经公布，现场申诉不能再裁决。"), code="published")
        if not decision:
            raise ContestError(_("请填写裁决意见。"), code="decision")
        appeal.status = LiveAppealStatus.UPHELD if upheld else LiveAppealStatus.REJECTED
        appeal.decision, appeal.decided_by, appeal.decided_at = decision, actor, now
        appeal.save(update_fields=["status", "decision", "decided_by", "decided_at"])
        bump(slot.room)
        record(
            "live.appeal_decided", appeal, actor=actor, contest=slot.room.session.round.contest,
            before={"status": LiveAppealStatus.PENDING}, after={"status": appeal.status, "decision": decision},
        )  # fmt: skip
    return appeal
