"""The participants sheet: every member (leader, members, advisers) of every team, one row each."""

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from contests.choices import OrganisationType, TeamRole
from contests.services.exports.sheet import CHOICE, DATETIME, INTEGER, LABEL, TEXT, Column, Grouped, Sheet

CHUNK = 2000
# Leader first, then members, then advisers.
_ROLE_ORDER = Case(
    When(role=TeamRole.LEADER, then=Value(0)),
    When(role=TeamRole.MEMBER, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def columns():
    return [
        Column(_("团队编号"), 10, INTEGER),
        Column(_("团队名称"), 22, TEXT),
        Column(_("所属单位"), 26, TEXT),
        Column(_("单位类型"), 14, CHOICE, tuple(OrganisationType.choices)),
        Column(_("统一社会信用代码"), 20, TEXT),
        Column(_("所在城市"), 10, TEXT),
        Column(_("姓名"), 12, TEXT),
        Column(_("电子邮箱"), 28, TEXT),
        Column(_("手机号"), 14, TEXT),
        Column(_("工作单位"), 26, TEXT),
        Column(_("角色"), 10, CHOICE, tuple(TeamRole.choices)),
        Column(_("加入时间"), 17, DATETIME),
        Column(_("团队作品"), 36, LABEL),
    ]


def _memberships(ctx):
    from contests.models import TeamMembership

    return TeamMembership.objects.filter(team__in=ctx.teams().values("pk"))


def _rows(ctx):
    from contests.models import Entry

    # Rows ordered by team, so the team's entries (few) are joined as a stream.
    members = (
        _memberships(ctx)
        .annotate(role_order=_ROLE_ORDER)
        .order_by("team_id", "role_order", "joined_at", "id")
        .values_list(
            "team_id",
            "team__name",
            "team__organisation",
            "team__organisation_type",
            "team__credit_code",
            "team__city__name",
            "user__real_name",
            "user__email",
            "user__phone",
            "user__organisation",
            "role",
            "joined_at",
        )
    )
    entries = Grouped(
        Entry.objects.filter(team__in=ctx.teams().values("pk"))
        .order_by("team_id", "id")
        .values_list("team_id", "title")
        .iterator(chunk_size=CHUNK)
    )
    current_team, titles = None, ""
    for row in members.iterator(chunk_size=CHUNK):
        if row[0] != current_team:
            current_team, titles = row[0], "、".join(entries.take(row[0]))
        yield (*row, titles)


def sheets(ctx):
    return [
        Sheet(
            title=_("参赛人员"),
            columns=columns(),
            count=lambda: _memberships(ctx).count(),
            rows=lambda: _rows(ctx),
        )
    ]
