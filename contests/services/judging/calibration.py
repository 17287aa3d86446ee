"""Calibration before a round opens: anchors, the judges' calibration scores, the deviation table and
closing calibration (which opens normal scoring of a round that requires it).

Calibration scores live in ``CalibrationScore``/``CalibrationItem``, never in ``Score``: results
code reads only ``Score`` rows, so they can never count. A judge's calibration score is saved the
way a normal score is (conditional update on the version the form was built from; submitting
locks it) and becomes read-only for everyone once calibration closes.
"""

import math
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.models import CalibrationAnchor, CalibrationItem, CalibrationScore
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judging.judges import blind_code
from contests.services.judging.scoring import (
    ScoreRefused,
    clean_values,
    comment_problem,
    criteria_of,
    weight_problem,
    weighted_total,
)

MAX_ANCHORS = 3


def calibration_pending(round_):
    """True while the round requires calibration and the organiser has not closed it."""
    return bool(round_.calibration_required and round_.calibration_closed_at is None)


# Anchors ------------------------------------------------------------------------------------------


def anchors_of(round_):
    return list(CalibrationAnchor.objects.filter(round=round_).select_related("entry").order_by("sort_order", "pk"))


def anchor_label(position):
    """How judges see an anchor: 校准作品 1, 2, 3 — never its blind code or team."""
    return _("校准作品 %(n)d") % {"n": position}


def _check_open(round_):
    if round_.calibration_closed_at is not None:
        raise ContestError(_("本轮校准已结束，不能再修改。"), code="calibration_closed")


def add_anchor(round_, entry, *, actor):
    """Add an eligible entry of the round as an anchor (at most three, while calibration is open)."""
    from contests.services.judging.assignment import entries_for_round

    with transaction.atomic():
        round_ = models.Round.objects.select_for_update().get(pk=round_.pk)
        _check_open(round_)
        if not entries_for_round(round_).filter(pk=entry.pk).exists():
            raise ContestError(_("该作品不在本轮评审范围内。"), code="not_in_round")
        existing = list(CalibrationAnchor.objects.filter(round=round_).values_list("entry_id", "sort_order"))
        if any(entry_id == entry.pk for entry_id, _order in existing):
            raise ContestError(_("该作品已是校准作品。"), code="duplicate")
        if len(existing) >= MAX_ANCHORS:
            raise ContestError(_("每轮最多 %(n)d 件校准作品。") % {"n": MAX_ANCHORS}, code="too_many")
        judges = list(round_judges(round_))
        pairs = conflicted_pairs(judges, [CalibrationAnchor(round=round_, entry=entry)])
        conflicted = [j for j in judges if (j.pk, None) in pairs]
        if conflicted:
            raise ContestError(
                _("本轮评委%(names)s与该作品存在利益冲突或已回避，校准作品须由每位评委评分，请另选一件。")
                % {"names": "、".join(j.name for j in conflicted)},
                code="conflicted",
            )
        anchor = CalibrationAnchor.objects.create(
            round=round_,
            entry=entry,
            code=secrets.token_hex(8),
            sort_order=max((order for _entry, order in existing), default=0) + 1,
            added_by=actor,
        )
        record("judging.calibration_anchor_added", anchor, actor=actor, contest=round_.contest,
               after={"round": round_.pk, "entry": entry.pk})  # fmt: skip
    return anchor


def remove_anchor(anchor, *, actor):
    """Remove an anchor no judge has scored yet (while calibration is open)."""
    with transaction.atomic():
        round_ = models.Round.objects.select_for_update().get(pk=anchor.round_id)
        _check_open(round_)
        if CalibrationScore.objects.filter(anchor=anchor).exists():
            raise ContestError(_("已有评委为该校准作品评分，不能移除。"), code="scored")
        record("judging.calibration_anchor_removed", anchor, actor=actor, contest=round_.contest,
               before={"round": round_.pk, "entry": anchor.entry_id})  # fmt: skip
        anchor.delete()


# Conflicts ------------------------------------------------------------------------------------------


def conflicted_pairs(judges, anchors):
    """{(judge id, anchor id)} where the judge may not see the anchor's entry: a conflict of interest
    found by the usual rules (organisation, credit code, members, declarations) or a recusal of the
    judge from that entry. An anchor is a real entry: blind and conflict rules apply to it as to any
    assignment, so such a judge never sees it and is not expected to score it. Four queries."""
    judges, anchors = list(judges), list(anchors)
    if not judges or not anchors:
        return set()
    from contests.services.judging.conflicts import find_conflicts

    entries = {(a.entry_id, a.entry.team_id) for a in anchors}
    found = find_conflicts(judges, entries)
    recused = set(
        models.Assignment.objects.filter(
            judge__in=[j.pk for j in judges], entry_id__in=[a.entry_id for a in anchors],
            state=models.AssignmentState.RECUSED,
        ).values_list("judge_id", "entry_id")
    )  # fmt: skip
    return {
        (judge.pk, anchor.pk)
        for judge in judges
        for anchor in anchors
        if anchor.entry_id in found.get(judge.pk, {}) or (judge.pk, anchor.entry_id) in recused
    }


# Judges ---------------------------------------------------------------------------------------------


def round_judges(round_):
    """The round's active judges: active profiles with at least one active assignment in it."""
    return (
        models.JudgeProfile.objects.filter(
            status=models.JudgeStatus.ACTIVE,
            assignments__round=round_,
            assignments__state=models.AssignmentState.ACTIVE,
        )
        .distinct()
        .order_by("name", "pk")
    )


def calibration_tasks(user):
    """[(round, judge profile, [anchors])] of every round in which the user judges and which has
    anchors, calibration still open first. One query for the anchors, one for the judges."""
    from contests.services.judging.judges import judge_profiles_of

    judge_rounds = {}
    for judge_id, round_id in (
        models.Assignment.objects.filter(judge__in=judge_profiles_of(user), state=models.AssignmentState.ACTIVE)
        .order_by()
        .values_list("judge_id", "round_id")
        .distinct()
    ):
        judge_rounds.setdefault(round_id, judge_id)
    if not judge_rounds:
        return []
    anchors = defaultdict(list)
    rounds = {}
    for anchor in (
        CalibrationAnchor.objects.filter(round_id__in=list(judge_rounds))
        .select_related("round__contest", "entry")
        .order_by("round_id", "sort_order", "pk")
    ):
        anchors[anchor.round_id].append(anchor)
        rounds[anchor.round_id] = anchor.round
    judges = models.JudgeProfile.objects.in_bulk([judge_rounds[r] for r in rounds])
    hidden = conflicted_pairs(judges.values(), [a for r in rounds for a in anchors[r]])
    tasks = [
        (rounds[r], judges[judge_rounds[r]], [a for a in anchors[r] if (judge_rounds[r], a.pk) not in hidden])
        for r in rounds
    ]
    tasks = [task for task in tasks if task[2]]
    return sorted(tasks, key=lambda t: (t[0].calibration_closed_at is not None, t[0].contest_id, t[0].number))


def anchor_for_judge(user, code):
    """(anchor, judge profile, position) when the user judges the anchor's round, else None."""
    from contests.services.judging.judges import judge_profiles_of

    anchor = CalibrationAnchor.objects.filter(code=code).select_related("round__contest", "entry__track").first()
    if anchor is None:
        return None
    judge = (
        judge_profiles_of(user)
        .filter(assignments__round_id=anchor.round_id, assignments__state=models.AssignmentState.ACTIVE)
        .first()
    )
    if judge is None:
        return None
    round_anchors = list(
        CalibrationAnchor.objects.filter(round_id=anchor.round_id).select_related("entry").order_by("sort_order", "pk")
    )
    hidden = conflicted_pairs([judge], round_anchors)
    codes = [a.code for a in round_anchors if (judge.pk, a.pk) not in hidden]
    if code not in codes:
        return None
    return anchor, judge, codes.index(code) + 1


def calibration_values(score):
    if score is None:
        return {}
    return dict(score.items.values_list("criterion_id", "value"))


def check_calibration(anchor, *, values, comment, submit, criteria):
    """What ``save_calibration`` checks, writing nothing: the cleaned ``(values, comment)``."""
    round_ = anchor.round
    if round_.calibration_closed_at is not None:
        raise ScoreRefused(_("本轮校准已结束，校准评分只读。"), code="calibration_closed")
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


def save_calibration(anchor, judge, *, actor, values, comment, version, submit=False, now=None, criteria=None):
    """Save (``submit=False``) or submit a judge's calibration score of an anchor; returns it.

    Refused (ScoreRefused) once calibration is closed, when already submitted, when the form was
    built from an older version (stale), or on invalid values — nothing is written then."""
    now = now or timezone.now()
    round_ = anchor.round
    criteria = criteria_of(round_) if criteria is None else criteria
    cleaned, comment = check_calibration(anchor, values=values, comment=comment, submit=submit, criteria=criteria)
    submitted_at = now if submit else None
    try:
        with transaction.atomic():
            score = CalibrationScore.objects.filter(anchor=anchor, judge=judge).first()
            if score is None:
                if version != 0:
                    raise _stale()
                score = CalibrationScore.objects.create(
                    anchor=anchor, judge=judge, comment=comment, version=1, submitted_at=submitted_at
                )
            else:
                updated = CalibrationScore.objects.filter(
                    pk=score.pk, version=version, submitted_at__isnull=True
                ).update(comment=comment, version=F("version") + 1, submitted_at=submitted_at, updated_at=now)
                if not updated:
                    score.refresh_from_db()
                    if score.submitted_at is not None:
                        raise ScoreRefused(_("校准评分已提交，不能再修改。"), code="already_submitted")
                    raise _stale()
                score.comment, score.version, score.submitted_at = comment, version + 1, submitted_at
            CalibrationItem.objects.filter(score=score).exclude(criterion_id__in=list(cleaned)).delete()
            CalibrationItem.objects.bulk_create(
                [CalibrationItem(score=score, criterion_id=cid, value=value) for cid, value in cleaned.items()],
                update_conflicts=True,
                unique_fields=["score", "criterion"],
                update_fields=["value"],
            )
            record(
                "judging.calibration_submitted" if submit else "judging.calibration_saved",
                score, actor=actor, contest=round_.contest,
                after={"anchor": anchor.pk, "version": score.version,
                       "items": {str(k): str(v) for k, v in sorted(cleaned.items())}},
            )  # fmt: skip
    except IntegrityError:
        raise _stale() from None
    return score


def _stale():
    return ScoreRefused(_("该校准评分已在其他窗口或设备上修改，请刷新页面后重试。"), code="stale")


# The organiser's deviation table ------------------------------------------------------------------


@dataclass
class AnchorRow:
    anchor: CalibrationAnchor
    label: str
    code: str = ""
    means: dict = field(default_factory=dict)  # criterion id → mean of submitted values
    mean_total: float | None = None
    # judge id → {"values": {criterion id: (value, deviation)}, "total": (total, deviation)}
    judges: dict = field(default_factory=dict)
    # For the page, in the judges' order: (judge, [(value, deviation) or None per criterion], total cell)
    lines: list = field(default_factory=list)
    mean_cells: list = field(default_factory=list)


@dataclass
class JudgeRow:
    judge: models.JudgeProfile
    submitted: int = 0
    drafts: int = 0
    expected: int = 0  # anchors the judge scores: all but those they are in conflict with
    deviation: float | None = None  # mean over anchors of (judge total − anchor mean total)
    abs_deviation: float | None = None  # mean absolute deviation over every submitted value


@dataclass
class CalibrationTable:
    criteria: list
    anchors: list
    judges: list

    @property
    def missing(self):
        """Judges who have not submitted every anchor."""
        return [row for row in self.judges if row.submitted < row.expected]


def deviation_table(round_):
    """Per anchor and criterion: each judge's submitted value and its deviation from the anchor's
    mean over submitted judges; per judge: the mean deviation of their weighted totals and the mean
    absolute deviation of all values. A fixed number of queries whatever the size."""
    criteria = criteria_of(round_)
    anchors = anchors_of(round_)
    judges = list(round_judges(round_))
    scores = list(
        CalibrationScore.objects.filter(anchor__round=round_)
        .prefetch_related("items")
        .order_by("anchor_id", "judge_id")
    )
    status = defaultdict(lambda: [0, 0])
    values = defaultdict(dict)  # (anchor id, judge id) → {criterion id: float}
    for score in scores:
        status[score.judge_id][0 if score.submitted_at else 1] += 1
        if score.submitted_at:
            values[(score.anchor_id, score.judge_id)] = {
                item.criterion_id: float(item.value) for item in score.items.all()
            }
    anchor_rows = []
    deviations, abs_devs = defaultdict(list), defaultdict(list)
    for position, anchor in enumerate(anchors, start=1):
        row = AnchorRow(anchor=anchor, label=anchor_label(position))
        row.code = blind_code(anchor.entry)
        submitted = {judge_id: v for (anchor_id, judge_id), v in values.items() if anchor_id == anchor.pk}
        for criterion in criteria:
            column = [v[criterion.pk] for v in submitted.values() if criterion.pk in v]
            row.means[criterion.pk] = math.fsum(column) / len(column) if column else None
        totals = {j: weighted_total(v, criteria) for j, v in submitted.items()}
        counted = [float(t) for t in totals.values() if t is not None]
        row.mean_total = math.fsum(counted) / len(counted) if counted else None
        for judge_id, judge_values in submitted.items():
            cells = {}
            for criterion in criteria:
                value, mean = judge_values.get(criterion.pk), row.means[criterion.pk]
                if value is None or mean is None:
                    continue
                cells[criterion.pk] = (value, value - mean)
                abs_devs[judge_id].append(abs(value - mean))
            total = totals.get(judge_id)
            total_cell = None
            if total is not None and row.mean_total is not None:
                total_cell = (float(total), float(total) - row.mean_total)
                deviations[judge_id].append(total_cell[1])
            row.judges[judge_id] = {"values": cells, "total": total_cell}
        anchor_rows.append(row)
    for row in anchor_rows:
        row.mean_cells = [row.means[c.pk] for c in criteria]
        for judge in judges:
            cells = row.judges.get(judge.pk, {"values": {}, "total": None})
            row.lines.append((judge, [cells["values"].get(c.pk) for c in criteria], cells["total"]))
    hidden = conflicted_pairs(judges, anchors)
    judge_rows = []
    for judge in judges:
        expected = sum(1 for anchor in anchors if (judge.pk, anchor.pk) not in hidden)
        row = JudgeRow(judge=judge, submitted=status[judge.pk][0], drafts=status[judge.pk][1], expected=expected)
        if deviations[judge.pk]:
            row.deviation = math.fsum(deviations[judge.pk]) / len(deviations[judge.pk])
        if abs_devs[judge.pk]:
            row.abs_deviation = math.fsum(abs_devs[judge.pk]) / len(abs_devs[judge.pk])
        judge_rows.append(row)
    return CalibrationTable(criteria=criteria, anchors=anchor_rows, judges=judge_rows)


# Closing --------------------------------------------------------------------------------------------


def save_note(round_, note, *, actor):
    with transaction.atomic():
        round_ = models.Round.objects.select_for_update().get(pk=round_.pk)
        before = round_.calibration_note
        round_.calibration_note = (note or "").strip()
        round_.save(update_fields=["calibration_note"])
        record("judging.calibration_note_saved", round_, actor=actor, contest=round_.contest,
               before={"note": before}, after={"note": round_.calibration_note})  # fmt: skip
    return round_


def close_calibration(round_, *, actor, now=None):
    """End calibration and open normal scoring: set closed_at/by (once), audit, e-mail the judges."""
    now = now or timezone.now()
    with transaction.atomic():
        round_ = models.Round.objects.select_for_update().select_related("contest").get(pk=round_.pk)
        if round_.calibration_closed_at is not None:
            raise ContestError(_("本轮校准已经结束。"), code="calibration_closed")
        if not CalibrationAnchor.objects.filter(round=round_).exists():
            raise ContestError(_("请先选择校准作品。"), code="no_anchors")
        round_.calibration_closed_at, round_.calibration_closed_by = now, actor
        round_.save(update_fields=["calibration_closed_at", "calibration_closed_by"])
        record("judging.calibration_closed", round_, actor=actor, contest=round_.contest,
               after={"closed_at": now.isoformat(), "note": round_.calibration_note})  # fmt: skip
        emails = sorted(set(round_judges(round_).exclude(email="").values_list("email", flat=True)))
        transaction.on_commit(lambda: _mail_judges(round_, emails))
    return round_


def _mail_judges(round_, emails):
    from django.core.mail import send_mass_mail
    from django.urls import reverse

    from cms.links import absolute_url

    if not emails:
        return
    subject = _("【%(contest)s】校准结束，正式评审开始") % {"contest": round_.contest.name}
    body = _(
        "您好：\n\n%(round)s 的校准已经结束，现在可以开始正式评审。\n评审工作台：%(url)s\n\n校准评分不计入任何成绩。\n"
    ) % {"round": round_, "url": absolute_url(reverse("contests:judging:dashboard"))}
    send_mass_mail([(subject, body, None, [email]) for email in emails], fail_silently=False)
