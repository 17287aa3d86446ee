"""Judge workload and progress: per round, one row per judge with assignments by state, scores
submitted and in draft, and the completion rate."""

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from contests.services.exports.scores import _round_label
from contests.services.exports.sheet import CHOICE, DATETIME, INTEGER, LABEL, TEXT, Column, Grouped, Sheet

CHUNK = 1000
PERCENT = "0.0%"


def columns(judge_status_choices):
    return [
        Column(_("评委编号"), 10, INTEGER),
        Column(_("姓名"), 12, TEXT),
        Column(_("电子邮箱"), 28, TEXT),
        Column(_("工作单位"), 26, TEXT),
        Column(_("职称/职务"), 14, TEXT),
        Column(_("状态"), 10, CHOICE, judge_status_choices),
        Column(_("评审赛道"), 26, LABEL),
        Column(_("每轮评审上限"), 12, INTEGER),
        Column(_("有效分配"), 10, INTEGER),
        Column(_("已提交"), 10, INTEGER),
        Column(_("草稿中"), 10, INTEGER),
        Column(_("未开始"), 10, INTEGER),
        Column(_("已回避/撤销"), 11, INTEGER),
        Column(_("完成率"), 10, PERCENT),
        Column(_("最近提交时间"), 17, DATETIME),
    ]


def _judges(ctx):
    from contests.models import JudgeProfile

    return JudgeProfile.objects.filter(contest=ctx.contest)


def _workload(round_, entries):
    """(judge id, (assigned, submitted, draft, ended, last submitted)) ordered by judge id."""
    from contests.models import Assignment, AssignmentState, ScoreStatus

    active = Q(state=AssignmentState.ACTIVE)
    rows = (
        Assignment.objects.filter(round=round_, entry__in=entries)
        .values("judge_id")
        .order_by("judge_id")
        .annotate(
            assigned=Count("id", filter=active),
            submitted=Count("id", filter=active & Q(score__status=ScoreStatus.SUBMITTED)),
            draft=Count("id", filter=active & Q(score__status=ScoreStatus.DRAFT)),
            ended=Count("id", filter=~active),
            last_submitted=Max("score__submitted_at", filter=active),
        )
        .values_list("judge_id", "assigned", "submitted", "draft", "ended", "last_submitted")
    )
    return ((row[0], row[1:]) for row in rows.iterator(chunk_size=CHUNK))


def _rows(ctx, round_):
    """Filters narrow the entries counted (e.g. one track's workload); every judge is listed."""
    from contests.models import JudgeProfile

    workload = Grouped(() if round_ is None else _workload(round_, ctx.entries().values("pk")))
    tracks = Grouped(
        JudgeProfile.expertise.through.objects.filter(judgeprofile__contest=ctx.contest)
        .order_by("judgeprofile_id", "track__sort_order", "track_id")
        .values_list("judgeprofile_id", "track__name")
        .iterator(chunk_size=CHUNK)
    )
    judges = (
        _judges(ctx)
        .order_by("id")
        .values_list("id", "name", "email", "organisation", "title", "status", "load_limit")
        .iterator(chunk_size=CHUNK)
    )
    for *judge, load_limit in judges:
        found = workload.take(judge[0])
        assigned, submitted, draft, ended, last_submitted = found[0] if found else (0, 0, 0, 0, None)
        rate = submitted / assigned if assigned else None
        yield (
            *judge,
            "、".join(tracks.take(judge[0])),
            load_limit,
            assigned,
            submitted,
            draft,
            assigned - submitted - draft,
            ended,
            rate,
            last_submitted,
        )


def sheets(ctx):
    from contests.models import JudgeStatus

    return [
        Sheet(
            title=_("评委-%(round)s") % {"round": _round_label(round_)} if round_ else _("评委"),
            columns=columns(tuple(JudgeStatus.choices)),
            count=lambda: _judges(ctx).count(),
            rows=lambda round_=round_: _rows(ctx, round_),
            note="" if round_ else _("本大赛尚未设置评审轮次，暂无评审工作量。"),
        )
        for round_ in ctx.rounds() or [None]
    ]
