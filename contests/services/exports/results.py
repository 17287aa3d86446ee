"""The results sheet: per round, every entry's computed result (every aggregation side by side,
the disagreement flag, the rank in its track), whether it advanced from this round and the awards
given on this round's ranking (active ones; revoked awards are left out). A divisional round also
gets one sheet per division with that division's rows (ranks there are within the division)."""

from django.utils.translation import gettext as _

from contests.services.exports.scores import _round_label
from contests.services.exports.sheet import (
    BOOLEAN,
    DATETIME,
    INTEGER,
    LABEL,
    ROUND2,
    TEXT,
    Column,
    Sheet,
    placeholder_sheet,
)
from contests.services.judging.judges import blind_code

CHUNK = 2000


def columns(criterion_names=()):
    return [
        Column(_("赛道"), 18, TEXT),
        Column(_("赛道排名"), 9, INTEGER),
        Column(_("作品编号"), 10, LABEL),
        Column(_("作品名称"), 30, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("排名得分"), 10, ROUND2),
        Column(_("平均分"), 10, ROUND2),
        Column(_("中位数"), 10, ROUND2),
        Column(_("去极值平均分"), 12, ROUND2),
        Column(_("已去掉最高分和最低分"), 12, BOOLEAN),
        Column(_("标准化分数"), 11, ROUND2),
        Column(_("评委总分之和"), 12, ROUND2),
        Column(_("标准差"), 10, ROUND2),
        Column(_("极差"), 10, ROUND2),
        *(Column(_("%(name)s平均分") % {"name": name}, 12, ROUND2) for name in criterion_names),
        Column(_("分配评委数"), 10, INTEGER),
        Column(_("已提交评委数"), 11, INTEGER),
        Column(_("并列未能区分"), 11, BOOLEAN),
        Column(_("评分分歧"), 10, BOOLEAN),
        Column(_("晋级"), 8, LABEL),
        Column(_("奖项"), 12, LABEL),
        Column(_("计算时间"), 17, DATETIME),
    ]


def _results(ctx, round_, division=None):
    from contests.models import RoundResult

    results = RoundResult.objects.filter(round=round_, entry__in=ctx.entries().values("pk"))
    return results if division is None else results.filter(division=division)


def _outcomes(round_):
    """({advanced entry ids}, {entry id: award names}) of the round, two small queries."""
    from contests.models import AdvancementDecision, Award, DivisionAdvancement

    decision = AdvancementDecision.objects.filter(round=round_).first()
    advanced = set(decision.advanced_entry_ids) if decision else set()
    if round_.divisional:
        for ids in DivisionAdvancement.objects.filter(round=round_).values_list("advanced_entry_ids", flat=True):
            advanced.update(ids)
    awards = {}
    active = Award.objects.filter(round=round_, revoked_at__isnull=True).order_by("category__sort_order", "pk")
    for entry_id, name in active.values_list("entry_id", "category__name"):
        awards.setdefault(entry_id, []).append(name)
    return advanced, {entry_id: "、".join(names) for entry_id, names in awards.items()}


def _rows(ctx, round_, width, division=None):
    advanced, awards = _outcomes(round_)
    rows = (
        _results(ctx, round_, division)
        .order_by("track__sort_order", "track_id", "rank", "entry_id")
        .values_list(
            "track__name",
            "rank",
            "entry_id",
            "entry__uuid",
            "entry__title",
            "entry__team__name",
            "score",
            "mean",
            "median",
            "trimmed_mean",
            "trimmed",
            "zscore",
            "total",
            "std_dev",
            "score_range",
            "criteria_means",
            "judges_assigned",
            "judges_scored",
            "tied",
            "disagreement",
            "computed_at",
        )
    )
    for *head, criteria_means, assigned, scored, tied, disagreement, computed_at in rows.iterator(chunk_size=CHUNK):
        # criteria_means: the counted criteria's means in rubric order (contests.services.judging.results).
        means = list(criteria_means or [])[:width]
        means += [None] * (width - len(means))
        track, rank, entry_id, entry_uuid, *rest = head
        moved_on = _("是") if entry_id in advanced else None
        code = blind_code(entry_uuid)
        outcome = (moved_on, awards.get(entry_id), computed_at)
        yield (track, rank, code, *rest, *means, assigned, scored, tied, disagreement, *outcome)


def _sheet(ctx, round_, division=None):
    from contests.models import Criterion

    names = list(
        Criterion.objects.filter(round=round_, counted=True).order_by("sort_order", "id").values_list("name", flat=True)
    )
    title = _("成绩-%(round)s") % {"round": _round_label(round_)}
    if division is not None:
        # 成绩-济南分赛区-第1轮·初赛: the division first, so the 31-character limit cuts the round.
        title = _("成绩-%(division)s-%(round)s") % {"division": division.name, "round": _round_label(round_)}
    return Sheet(
        title=title,
        columns=columns(names),
        count=lambda: _results(ctx, round_, division).count(),
        rows=lambda: _rows(ctx, round_, len(names), division),
    )


def sheets(ctx):
    from contests.models import Division

    rounds = ctx.rounds()
    if not rounds:
        return [placeholder_sheet(_("轮次成绩"), columns(), _("本大赛尚未设置评审轮次，暂无成绩。"))]
    divisions = list(Division.objects.filter(contest=ctx.contest)) if any(r.divisional for r in rounds) else []
    found = []
    for round_ in rounds:
        found.append(_sheet(ctx, round_))
        if round_.divisional:
            found += [_sheet(ctx, round_, division) for division in divisions]
    return found
