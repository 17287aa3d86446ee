"""The score matrix: per round, one row per assignment (entry × judge) with one column per
criterion, the weighted total, the comment and the score's status."""

from django.utils.translation import gettext as _

from contests.services.exports.sheet import (
    CHOICE,
    DATETIME,
    DECIMAL2,
    INTEGER,
    NUMBER,
    TEXT,
    Column,
    Grouped,
    Sheet,
)

CHUNK = 5000


def _round_label(round_):
    return _("第%(n)s轮·%(kind)s") % {"n": round_.number, "kind": round_.get_kind_display()}


def weighted_total(values, criteria):
    """A judge's total on the 0–100 scale: Σ value / max_score × weight over the counted criteria.

    None while any counted criterion has no value (a draft in progress).
    """
    total = 0.0
    for (_criterion_id, weight, max_score, counted), value in zip(criteria, values, strict=True):
        if not counted:
            continue
        if value is None:
            return None
        total += float(value) / max_score * weight
    return round(total, 2)


def _assignments(ctx, round_):
    from contests.models import Assignment

    return Assignment.objects.filter(round=round_, entry__in=ctx.entries().values("pk"))


def _rows(ctx, round_, criteria):
    from contests.models import ScoreItem

    # Both streams are ordered by (entry, judge, assignment), so the items join as a stream.
    assignments = (
        _assignments(ctx, round_)
        .order_by("entry_id", "judge_id", "id")
        .values_list(
            "entry_id",
            "judge_id",
            "id",
            "entry__title",
            "entry__track__name",
            "judge__name",
            "judge__organisation",
            "state",
            "score__status",
            "score__comment",
            "score__submitted_at",
        )
    )
    items = Grouped(
        ((entry_id, judge_id, assignment_id), (criterion_id, value))
        for entry_id, judge_id, assignment_id, criterion_id, value in ScoreItem.objects.filter(
            score__assignment__round=round_, score__assignment__entry__in=ctx.entries().values("pk")
        )
        .order_by("score__assignment__entry_id", "score__assignment__judge_id", "score__assignment_id")
        .values_list(
            "score__assignment__entry_id",
            "score__assignment__judge_id",
            "score__assignment_id",
            "criterion_id",
            "value",
        )
        .iterator(chunk_size=CHUNK)
    )
    criterion_ids = [c[0] for c in criteria]
    for entry_id, judge_id, assignment_id, *fields in assignments.iterator(chunk_size=CHUNK):
        given = dict(items.take((entry_id, judge_id, assignment_id)))
        values = [given.get(cid) for cid in criterion_ids]
        title, track, judge, organisation, state, status, comment, submitted_at = fields
        total = weighted_total(values, criteria) if given else None
        yield (
            entry_id,
            title,
            track,
            judge,
            organisation,
            state,
            status,
            *values,
            total,
            comment,
            submitted_at,
        )


def _sheet(ctx, round_):
    from contests.models import AssignmentState, Criterion, ScoreStatus

    criteria = list(
        Criterion.objects.filter(round=round_)
        .order_by("sort_order", "id")
        .values_list("id", "weight", "max_score", "counted", "name")
    )
    criterion_columns = [
        Column(
            _("%(name)s（%(weight)s%%，满分%(max)s）") % {"name": name, "weight": weight, "max": max_score}
            if counted
            else _("%(name)s（不计分）") % {"name": name},
            12,
            NUMBER,
        )
        for _id, weight, max_score, counted, name in criteria
    ]
    columns = [
        Column(_("作品编号"), 10, INTEGER),
        Column(_("作品名称"), 30, TEXT),
        Column(_("赛道"), 18, TEXT),
        Column(_("评委"), 12, TEXT),
        Column(_("评委单位"), 24, TEXT),
        Column(_("分配状态"), 10, CHOICE, tuple(AssignmentState.choices)),
        Column(_("评分状态"), 10, CHOICE, tuple(ScoreStatus.choices)),
        *criterion_columns,
        Column(_("加权总分（百分制）"), 14, DECIMAL2),
        Column(_("评语"), 50, TEXT),
        Column(_("提交时间"), 17, DATETIME),
    ]
    criteria = [c[:4] for c in criteria]
    return Sheet(
        title=_("评分-%(round)s") % {"round": _round_label(round_)},
        columns=columns,
        count=lambda: _assignments(ctx, round_).count(),
        rows=lambda: _rows(ctx, round_, criteria),
    )


def sheets(ctx):
    rounds = ctx.rounds()
    if not rounds:
        from contests.services.exports.sheet import placeholder_sheet

        return [
            placeholder_sheet(
                _("评分矩阵"),
                [Column(_("作品编号"), 10, INTEGER), Column(_("评委"), 12, TEXT)],
                _("本大赛尚未设置评审轮次，暂无评分。"),
            )
        ]
    return [_sheet(ctx, round_) for round_ in rounds]
