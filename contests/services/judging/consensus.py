"""The consensus step (合议): after scoring, a panel chair (the lead judge of the entry's track or 赛题)
or an organiser records one consensus score per entry, with a reason.

The judges' original scores are never touched (they are locked once submitted); results use the
consensus score as the entry's ranking score and keep the original aggregate beside it
(``contests.services.judging.results``). The value is on the same 0–100 scale as judge totals.
"""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import Assignment, AssignmentState, ConsensusScore, ScoreStatus
from contests.services import ContestError
from contests.services.audit import record

MAX_VALUE = Decimal(100)
TWO_PLACES = Decimal("0.01")


def consensus_by_entry(round_, entry_ids=None):
    """{entry_id: ConsensusScore} of the round (one query)."""
    rows = ConsensusScore.objects.filter(round=round_)
    if entry_ids is not None:
        rows = rows.filter(entry_id__in=list(entry_ids))
    return {row.entry_id: row for row in rows}


def entry_in_round(round_, entry):
    from contests.services.judging.results import round_entry_ids

    return entry.pk in round_entry_ids(round_)


def scoring_finished(round_, entry):
    """True when the entry has active assignments in the round and every one carries a submitted
    score: only then are the originals final, and the consensus step may follow them."""
    assignments = Assignment.objects.filter(round=round_, entry=entry, state=AssignmentState.ACTIVE)
    total = assignments.count()
    return bool(total) and total == assignments.filter(score__status=ScoreStatus.SUBMITTED).count()


def clean_value(raw):
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ContestError(_("合议得分应为 0 到 100 之间的数字。"), code="invalid") from None
    if not value.is_finite() or value < 0 or value > MAX_VALUE:
        raise ContestError(_("合议得分应为 0 到 100 之间的数字。"), code="invalid")
    if value != value.quantize(TWO_PLACES):
        raise ContestError(_("合议得分最多保留两位小数。"), code="invalid")
    return value.quantize(TWO_PLACES)


def record_consensus(round_, entry, *, actor, value, reason, version, now=None):
    """Record (version 0) or change the entry's consensus score; returns it.

    ``version`` is the ConsensusScore.version the form was built from: a change made meanwhile in
    another window is refused (stale). Refused too when the round has no consensus step, the entry
    is not in the round, its scoring is unfinished (an active assignment without a submitted
    score), the value is outside 0–100 or the reason is empty; nothing is written then.
    """
    if not round_.consensus_required:
        raise ContestError(_("本轮不设合议环节。"), code="not_required")
    value = clean_value(value)
    reason = (reason or "").strip()
    if not reason:
        raise ContestError(_("请填写合议理由。"), code="reason_required")
    if not entry_in_round(round_, entry):
        raise ContestError(_("该作品不在本轮评审范围内。"), code="not_in_round")
    if not scoring_finished(round_, entry):
        raise ContestError(
            _("该作品的评分尚未全部提交。合议在评分完成后进行，届时原始评分已锁定。"), code="scoring_unfinished"
        )
    now = now or timezone.now()
    try:
        with transaction.atomic():
            existing = ConsensusScore.objects.select_for_update().filter(round=round_, entry=entry).first()
            before = _snapshot(existing)
            if existing is None:
                if version != 0:
                    raise _stale()
                consensus = ConsensusScore.objects.create(
                    round=round_, entry=entry, value=value, reason=reason, recorded_by=actor, version=1
                )
            else:
                if existing.version != version:
                    raise _stale()
                ConsensusScore.objects.filter(pk=existing.pk, version=version).update(
                    value=value, reason=reason, recorded_by=actor, recorded_at=now, version=F("version") + 1
                )
                existing.refresh_from_db()
                consensus = existing
            record("judging.consensus_recorded", consensus, actor=actor, contest=round_.contest,
                   before=before, after=_snapshot(consensus), note=reason)  # fmt: skip
    except IntegrityError:
        raise _stale() from None
    return consensus


def _snapshot(consensus):
    if consensus is None:
        return None
    return {
        "entry": consensus.entry_id,
        "value": str(consensus.value),
        "reason": consensus.reason,
        "version": consensus.version,
    }


def _stale():
    return ContestError(_("合议得分已被他人修改，请刷新页面后重试。"), code="stale")
