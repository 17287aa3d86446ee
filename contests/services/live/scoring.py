"""A judge's score from the tablet, idempotent.

The tablet generates a key for each submission and keeps the score on the device until the server
answers. A retry with the same key and the same values is answered from the receipt and writes
nothing (so a dropped answer never double counts); once a judge's score for a team is in, different
values are refused, never written over. The score itself is written by the round's ordinary
``save_score`` (submitted at once), so it counts in the round's results like any other.
"""

import hashlib
import json
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import Assignment, AssignmentState, LiveRoom, LiveScoreReceipt, LiveSlot, Score, SlotState
from contests.services.judging.scoring import ScoreRefused, clean_values, criteria_of, save_score
from contests.services.live import bump

KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def digest_of(values, comment):
    payload = {"values": {str(k): str(v) for k, v in sorted(values.items())}, "comment": (comment or "").strip()}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def submit_live_score(room, judge, *, slot_id, key, values, comment="", now=None):
    """Returns ``(receipt, replayed)``. Raises ScoreRefused (with ``code``) when refused.

    ``values``: {criterion_id: value}; ``slot_id``: the team the tablet scored (a pending score of
    an earlier team never lands on the next one)."""
    now = now or timezone.now()
    if not KEY.match(key or ""):
        raise ScoreRefused(_("提交标识无效，请刷新页面后重试。"), code="bad_key")
    round_ = room.session.round
    criteria = criteria_of(round_)
    cleaned, errors = clean_values(values, criteria, complete=True)
    if errors:
        raise ScoreRefused(_("请修正标出的内容。"), code="invalid", errors=errors)
    digest = digest_of(cleaned, comment)
    with transaction.atomic():
        locked = LiveRoom.objects.select_for_update().get(pk=room.pk)
        receipt = LiveScoreReceipt.objects.filter(key=key).select_related("assignment").first()
        if receipt is not None:
            if receipt.assignment.judge_id != judge.pk or receipt.slot_id != slot_id or receipt.digest != digest:
                raise ScoreRefused(_("评分已提交，不能再修改。"), code="already_submitted")
            return receipt, True
        slot = LiveSlot.objects.filter(pk=slot_id, room=locked).first()
        if slot is None or locked.current_slot_id != slot.pk or slot.state != SlotState.SCORING:
            raise ScoreRefused(_("该团队的打分尚未开始或已经截止。"), code="not_open")
        assignment = (
            Assignment.objects.filter(round=round_, entry=slot.entry_id, judge=judge, state=AssignmentState.ACTIVE)
            .select_related("round__contest", "entry")
            .first()
        )
        if assignment is None:
            raise ScoreRefused(_("您不需要为该团队打分。"), code="not_assigned")
        earlier = LiveScoreReceipt.objects.filter(assignment=assignment).first()
        if earlier is not None:
            if earlier.digest == digest:
                return earlier, True
            raise ScoreRefused(_("评分已提交，不能再修改。"), code="already_submitted")
        score = Score.objects.filter(assignment=assignment).first()
        if score is not None and score.is_submitted:
            raise ScoreRefused(_("评分已提交，不能再修改。"), code="already_submitted")
        save_score(
            assignment, actor=judge.user, values=cleaned, comment=comment, submit=True,
            version=score.version if score else 0, now=now, criteria=criteria,
        )  # fmt: skip
        receipt = LiveScoreReceipt.objects.create(
            assignment=assignment, slot=slot, key=key, digest=digest, received_at=now
        )
        bump(locked)
    return receipt, False
