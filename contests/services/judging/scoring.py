"""Scoring: saving drafts, submitting (then locked), organisers reopening — all audited.

Every write is a conditional update on (status = draft, version = the version the judge's form was
built from), so two submits of the same form — two tabs, a double click, two servers — produce
exactly one result and the second is told why. The weighted total is always recomputed here,
whatever the page's script showed.
"""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.models import ScoreItem
from contests.services import ContestError
from contests.services.audit import record
from contests.services.divisions import assignment_window

WEIGHT_TOTAL = 100
ONE_PLACE = Decimal("0.1")


def criteria_of(round_):
    return list(round_.criteria.order_by("sort_order", "id"))


def weight_problem(round_, criteria=None):
    """A message when the round's rubric cannot be used (no criteria, counted weights ≠ 100)."""
    criteria = criteria_of(round_) if criteria is None else criteria
    if not criteria:
        return _("本轮尚未设置评分标准。")
    total = sum(c.weight for c in criteria if c.counted)
    if total != WEIGHT_TOTAL:
        return _("本轮计分项权重合计为 %(total)d%%，应为 100%%。") % {"total": total}
    return ""


def weighted_total(values, criteria):
    """The 0–100 total of counted criteria: Σ value / max score × weight. None while any is missing."""
    total = Decimal(0)
    for criterion in criteria:
        if not criterion.counted:
            continue
        value = values.get(criterion.pk)
        if value is None:
            return None
        total += Decimal(value) / criterion.max_score * criterion.weight
    return total.quantize(Decimal("0.01"))


def clean_values(raw_values, criteria, *, complete):
    """Check and convert {criterion_id: value}; returns (values, errors) keyed by criterion id."""
    values, errors = {}, {}
    for criterion in criteria:
        raw = raw_values.get(criterion.pk)
        if raw in (None, ""):
            if complete:
                errors[criterion.pk] = _("请为“%(name)s”打分。") % {"name": criterion.name}
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            errors[criterion.pk] = _("请输入数字。")
            continue
        if not value.is_finite() or value < 0 or value > criterion.max_score:
            errors[criterion.pk] = _("分数应在 0 到 %(max)d 之间。") % {"max": criterion.max_score}
        elif value != value.quantize(ONE_PLACE):
            errors[criterion.pk] = _("分数最多保留一位小数。")
        else:
            values[criterion.pk] = value.quantize(ONE_PLACE)
    return values, errors


def comment_problem(comment, round_):
    length = len((comment or "").strip())
    if length < round_.comment_min_length:
        return _("评语至少 %(min)d 字，目前 %(count)d 字。") % {"min": round_.comment_min_length, "count": length}
    return ""


class ScoreRefused(ContestError):
    """The score was not saved. ``errors`` maps criterion ids (or "comment") to messages."""

    def __init__(self, message, *, code="", errors=None):
        super().__init__(message, code=code)
        self.errors = errors or {}


def check_can_score(assignment, now=None):
    """Raise ScoreRefused unless the assignment may be scored now (server clock)."""
    if assignment.state != models.AssignmentState.ACTIVE:
        raise ScoreRefused(_("该评审分配已不再有效。"), code="assignment_inactive")
    if assignment.declared_no_conflict_at is None:
        raise ScoreRefused(_("请先声明与该作品不存在利益冲突。"), code="not_declared")
    if assignment.round.calibration_required and assignment.round.calibration_closed_at is None:
        # contests.services.judging.calibration: scoring waits until the organiser closes calibration.
        raise ScoreRefused(_("本轮需先完成校准"), code="calibration")
    # A divisional round is scored in the entry's division's own window when it has one.
    opens, closes = assignment_window(assignment)
    if not opens <= (now or timezone.now()) < closes:
        raise ScoreRefused(
            _("当前不在本轮评审时间内（%(opens)s 至 %(closes)s），不能评分。")
            % {
                "opens": timezone.localtime(opens).strftime("%Y-%m-%d %H:%M"),
                "closes": timezone.localtime(closes).strftime("%Y-%m-%d %H:%M"),
            },
            code="round_closed",
        )


def _snapshot(score):
    if score is None:
        return None
    items = dict(score.items.values_list("criterion_id", "value"))
    return {
        "status": score.status,
        "version": score.version,
        "comment": score.comment,
        "items": {str(k): str(v) for k, v in sorted(items.items())},
    }


def check_score(assignment, *, values, comment, submit, now=None, criteria=None):
    """Everything ``save_score`` checks before writing, writing nothing: returns the cleaned
    ``(values, comment)`` or raises ScoreRefused. The confirmation step of a submission uses it so
    that the judge confirms only what will be accepted. ``criteria``: the round's, if already read."""
    check_can_score(assignment, now or timezone.now())
    round_ = assignment.round
    criteria = criteria_of(round_) if criteria is None else criteria
    problem = weight_problem(round_, criteria)
    if problem:
        raise ScoreRefused(problem, code="rubric")
    cleaned, errors = clean_values(values, criteria, complete=submit)
    comment = (comment or "").strip()
    if submit and comment_problem(comment, round_):
        errors["comment"] = comment_problem(comment, round_)
    if errors:
        raise ScoreRefused(_("请修正标出的内容。"), code="invalid", errors=errors)
    return cleaned, comment


def format_score(value):
    """A criterion score as people write it: "22", "21.5" (never "22.0"); "" for None."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(ONE_PLACE))


def save_score(assignment, *, actor, values, comment, version, submit=False, now=None, criteria=None):
    """Save the judge's draft (``submit=False``) or submit it. Returns the Score.

    ``version`` is the Score.version the form was built from (0 when there was no score yet).
    ``criteria``: the round's (``criteria_of``), if the caller has already read them.
    Raises ScoreRefused: outside the window, not declared, invalid values, already submitted, or
    changed in the meantime (stale version).
    """
    now = now or timezone.now()
    round_ = assignment.round
    criteria = criteria_of(round_) if criteria is None else criteria
    cleaned, comment = check_score(
        assignment, values=values, comment=comment, submit=submit, now=now, criteria=criteria
    )
    status = models.ScoreStatus.SUBMITTED if submit else models.ScoreStatus.DRAFT
    submitted_at = now if submit else None
    try:
        with transaction.atomic():
            score = models.Score.objects.filter(assignment=assignment).first()
            before = _snapshot(score)
            if score is None:
                if version != 0:
                    raise _stale()
                score = models.Score.objects.create(
                    assignment=assignment, status=status, comment=comment, version=1, submitted_at=submitted_at
                )
            else:
                updated = models.Score.objects.filter(
                    pk=score.pk, version=version, status=models.ScoreStatus.DRAFT
                ).update(
                    status=status, comment=comment, version=F("version") + 1, submitted_at=submitted_at, updated_at=now
                )
                if not updated:
                    score.refresh_from_db()
                    if score.is_submitted:
                        raise ScoreRefused(_("评分已提交，不能再修改。"), code="already_submitted")
                    raise _stale()
                # What the conditional update just wrote (no need to read the row back).
                score.status, score.comment, score.version = status, comment, version + 1
                score.submitted_at, score.updated_at = submitted_at, now
            _write_items(score, cleaned, criteria)
            after = _snapshot_after(score, before, cleaned, criteria)
            record(
                "judging.score_submitted" if submit else "judging.score_saved",
                score, actor=actor, contest=round_.contest, before=before, after=after,
            )  # fmt: skip
    except IntegrityError:
        # Two first saves raced to create the row: the loser is stale, like any other lost race.
        raise _stale() from None
    return score


def _snapshot_after(score, before, cleaned, criteria):
    """``_snapshot(score)`` after ``_write_items``, without reading the items back: the round's
    criteria now hold exactly ``cleaned``; items of any other criterion were left as they were."""
    round_ids = {str(c.pk) for c in criteria}
    kept = {k: v for k, v in (before or {}).get("items", {}).items() if k not in round_ids}
    items = kept | {str(k): str(v) for k, v in cleaned.items()}
    return {
        "status": score.status,
        "version": score.version,
        "comment": score.comment,
        "items": dict(sorted(items.items(), key=lambda item: int(item[0]))),
    }


def _stale():
    return ScoreRefused(_("该评分已在其他窗口或设备上修改，请刷新页面后重试。"), code="stale")


def _write_items(score, cleaned, criteria):
    criterion_ids = [c.pk for c in criteria]
    ScoreItem.objects.filter(score=score, criterion_id__in=criterion_ids).exclude(
        criterion_id__in=list(cleaned)
    ).delete()
    ScoreItem.objects.bulk_create(
        [ScoreItem(score=score, criterion_id=cid, value=value) for cid, value in cleaned.items()],
        update_conflicts=True,
        unique_fields=["score", "criterion"],
        update_fields=["value"],
    )


def reopen_score(score, *, actor, reason):
    """An organiser returns a submitted score to draft so the judge may correct it (recorded)."""
    if not (reason or "").strip():
        raise ContestError(_("请填写退回原因。"), code="reason_required")
    assignment = score.assignment
    if models.ConsensusScore.objects.filter(round_id=assignment.round_id, entry_id=assignment.entry_id).exists():
        # The consensus step followed these originals: they stay locked and kept beside it.
        raise ContestError(_("该作品已记录合议得分，原始评分已锁定，不能退回修改。"), code="consensus_recorded")
    with transaction.atomic():
        before = _snapshot(score)
        updated = models.Score.objects.filter(pk=score.pk, status=models.ScoreStatus.SUBMITTED).update(
            status=models.ScoreStatus.DRAFT, version=F("version") + 1, submitted_at=None, updated_at=timezone.now()
        )
        if not updated:
            raise ContestError(_("该评分不是已提交状态。"), code="not_submitted")
        score.refresh_from_db()
        record(
            "judging.score_reopened", score, actor=actor, contest=score.assignment.round.contest,
            before=before, after=_snapshot(score), note=reason.strip(),
        )  # fmt: skip
    return score


def score_values(score):
    """{criterion_id: Decimal} of a score (empty for None)."""
    if score is None:
        return {}
    return dict(score.items.values_list("criterion_id", "value"))


def round_weight_total(round_):
    return round_.criteria.filter(counted=True).aggregate(total=Sum("weight"))["total"] or 0
