"""The due-diligence sheet of the "all" workbook (尽职调查): one row per case of the exported entries'
awards — award, track, entry, team, status, dates, documents handed in, the review and the successor."""

from django.utils.translation import gettext as _

from contests.services.exports.scores import _round_label
from contests.services.exports.sheet import DATETIME, INTEGER, LABEL, TEXT, Column, Sheet
from contests.services.judging.judges import blind_code


def columns():
    return [
        Column(_("编号"), 8, INTEGER),
        Column(_("评审轮次"), 14, LABEL),
        Column(_("奖项"), 14, TEXT),
        Column(_("赛道"), 14, TEXT),
        Column(_("作品编号"), 10, LABEL),
        Column(_("作品名称"), 30, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("状态"), 10, LABEL),
        Column(_("提交截止"), 17, DATETIME),
        Column(_("提交时间"), 17, DATETIME),
        Column(_("材料数"), 8, INTEGER),
        Column(_("审核时间"), 17, DATETIME),
        Column(_("审核意见"), 40, TEXT),
        Column(_("递补作品"), 30, TEXT),
    ]


def _cases(ctx):
    from contests.models import DueDiligenceCase

    return DueDiligenceCase.objects.filter(award__entry__in=ctx.entries().values("pk"))


def _rows(ctx):
    from django.db.models import Count

    from contests.models import DueDiligenceStatus

    labels = dict(DueDiligenceStatus.choices)
    rounds = {round_.pk: _round_label(round_) for round_ in ctx.rounds()}
    cases = (
        _cases(ctx)
        .annotate(document_count=Count("documents"))
        .select_related("request", "award__category", "award__track", "award__entry__team", "successor_award__entry")
        .order_by("request__round__number", "award__category__sort_order", "award__track__sort_order", "pk")
    )
    for case in cases.iterator(chunk_size=2000):
        award, entry = case.award, case.award.entry
        successor = case.successor_award.entry.title if case.successor_award_id else ""
        yield (
            case.pk, rounds.get(case.request.round_id, ""), award.category.name, award.track.name,
            blind_code(entry.uuid), entry.title, entry.team.name, str(labels[case.status]),
            case.deadline or case.request.deadline, case.submitted_at, case.document_count, case.reviewed_at,
            case.review_reason, successor,
        )  # fmt: skip


def sheets(ctx):
    return [Sheet(title=_("尽职调查"), columns=columns(), count=lambda: _cases(ctx).count(), rows=lambda: _rows(ctx))]
