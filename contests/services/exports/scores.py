"""The score matrix: per round, one row per assignment (entry × judge) with one column per
criterion, the weighted total, the comment and the score's status."""

from django.db.models import FloatField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from contests.services.exports.sheet import (
    CHOICE,
    DATETIME,
    LABEL,
    NUMBER,
    TEXT,
    Column,
    Sheet,
)
from contests.services.judging.judges import blind_code

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

    # One row per assignment, the criterion values pivoted by the database (one MAX(CASE …) per
    # criterion over the score's items): no per-item rows cross into Python.
    pivot = {
        f"c{criterion_id}": Subquery(
            ScoreItem.objects.filter(score__assignment=OuterRef("pk"), criterion_id=criterion_id)
            .annotate(as_float=Cast("value", FloatField()))
            .values("as_float")[:1]
        )
        for criterion_id, *_rest in criteria
    }
    rows = (
        _assignments(ctx, round_)
        .annotate(**pivot)
        .order_by("entry_id", "judge_id", "id")
        .values_list(
            "entry__uuid",
            "entry__title",
            "entry__track__name",
            "judge__name",
            "judge__organisation",
            "state",
            "score__status",
            *pivot,
            "score__comment",
            "score__submitted_at",
        )
    )
    width = len(criteria)
    for row in rows.iterator(chunk_size=CHUNK):
        values = row[7 : 7 + width]
        has_values = any(value is not None for value in values)
        total = weighted_total(values, criteria) if has_values else None
        yield (blind_code(row[0]), *row[1 : 7 + width], total, *row[7 + width :])


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
        Column(_("作品编号"), 10, LABEL),
        Column(_("作品名称"), 30, TEXT),
        Column(_("赛道"), 18, TEXT),
        Column(_("评委"), 12, TEXT),
        Column(_("评委单位"), 24, TEXT),
        Column(_("分配状态"), 10, CHOICE, tuple(AssignmentState.choices)),
        Column(_("评分状态"), 10, CHOICE, tuple(ScoreStatus.choices)),
        *criterion_columns,
        # Rounded here rather than styled: 35,000 styled cells cost more than the rest of the row.
        Column(_("加权总分（百分制）"), 14, NUMBER),
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
                [Column(_("作品编号"), 10, LABEL), Column(_("评委"), 12, TEXT)],
                _("本大赛尚未设置评审轮次，暂无评分。"),
            )
        ]
    return [_sheet(ctx, round_) for round_ in rounds]
