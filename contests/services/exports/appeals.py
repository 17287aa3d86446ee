"""The appeals sheet: every appeal (申诉) of the exported entries, with its review (复核)."""

from django.utils.translation import gettext as _

from contests.services.exports.scores import _round_label
from contests.services.exports.sheet import DATETIME, INTEGER, LABEL, TEXT, Column, Sheet
from contests.services.judging.judges import blind_code


def columns():
    return [
        Column(_("申诉编号"), 10, INTEGER),
        Column(_("作品编号"), 10, LABEL),
        Column(_("作品名称"), 30, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("评审轮次"), 14, LABEL),
        Column(_("申诉理由"), 50, TEXT),
        Column(_("提交时间"), 17, DATETIME),
        Column(_("处理状态"), 10, LABEL),
        Column(_("处理结果"), 40, TEXT),
        Column(_("处理时间"), 17, DATETIME),
    ]


def _appeals(ctx):
    from contests.models import Appeal

    return Appeal.objects.filter(entry__in=ctx.entries().values("pk"))


def _rows(ctx):
    from contests.models import AppealStatus

    labels = dict(AppealStatus.choices)
    rounds = {round_.pk: _round_label(round_) for round_ in ctx.rounds()}
    appeals = _appeals(ctx).order_by("filed_at", "pk").values_list(
        "pk", "entry__uuid", "entry__title", "team__name", "round_id", "reasons", "filed_at", "status", "review",
        "reviewed_at",
    )  # fmt: skip
    for pk, entry_uuid, title, team, round_id, reasons, filed_at, status, review, reviewed_at in appeals.iterator():
        code, label = blind_code(entry_uuid), str(labels[status])
        yield (pk, code, title, team, rounds.get(round_id, ""), reasons, filed_at, label, review, reviewed_at)


def sheets(ctx):
    return [Sheet(title=_("申诉"), columns=columns(), count=lambda: _appeals(ctx).count(), rows=lambda: _rows(ctx))]
