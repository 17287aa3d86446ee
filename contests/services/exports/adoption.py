"""The adoption sheet of the "all" workbook (organisers only, like every export): 落地里程碑, every
milestone of the contest's entries (all statuses: the organiser follows the review too), narrowed by
the entry filters. One COUNT and one streamed query, whatever the number of rows."""

from django.utils.translation import gettext as _

from contests.models import MilestoneKind, MilestoneStatus
from contests.services.exports.sheet import CHOICE, DATETIME, DECIMAL2, INTEGER, LABEL, TEXT, Column, Sheet

CHUNK = 2000


def _milestones(ctx):
    from contests.models import AdoptionMilestone

    return AdoptionMilestone.objects.filter(entry__in=ctx.entries())


def columns():
    return [
        Column(_("赛道"), 16, TEXT),
        Column(_("作品名称"), 30, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("里程碑类型"), 14, CHOICE, tuple(MilestoneKind.choices)),
        Column(_("简述"), 30, TEXT),
        Column(_("发生日期"), 12, LABEL),
        Column(_("落地城市"), 10, TEXT),
        Column(_("落地单位"), 20, TEXT),
        Column(_("服务人次/用户数"), 14, INTEGER),
        Column(_("投资或资金（万元）"), 14, DECIMAL2),
        Column(_("投资方或孵化项目"), 20, TEXT),
        Column(_("状态"), 10, CHOICE, tuple(MilestoneStatus.choices)),
        Column(_("确认意见"), 30, TEXT),
        Column(_("确认时间"), 17, DATETIME),
        Column(_("证明材料数"), 10, INTEGER),
    ]


def _rows(ctx):
    from django.db.models import Count

    rows = (
        _milestones(ctx)
        .annotate(evidence_count=Count("evidence"))
        .order_by("entry__track__sort_order", "entry_id", "happened_on", "pk")
        .values_list(
            "entry__track__name", "entry__title", "entry__team__name", "kind", "title", "happened_on", "node__name",
            "unit__name", "unit_name", "beneficiaries", "investment_wan", "programme", "status", "review_note",
            "reviewed_at", "evidence_count",
        )
    )  # fmt: skip
    for (track, entry, team, kind, title, happened_on, city, unit, unit_name, people, money, programme, status,
         note, reviewed_at, evidence) in rows.iterator(CHUNK):  # fmt: skip
        yield (track, entry, team, kind, title, happened_on.isoformat(), city or "", unit or unit_name, people,
               money, programme, status, note, reviewed_at, evidence)  # fmt: skip


def sheets(ctx):
    return [
        Sheet(title=_("落地里程碑"), columns=columns(), count=lambda: _milestones(ctx).count(), rows=lambda: _rows(ctx))
    ]
