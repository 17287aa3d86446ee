"""Demo adoption (落地) in the 2025 contest: after the awards, winners logged their milestones.

* ``team1@shuyong.example``'s 二等奖 entry in 智慧养老: a confirmed pilot and a confirmed go-live in
  济南 (with users and funding), and a go-live in 青岛 still waiting for confirmation — the team
  login shows the adoption page, the 青岛 editor's login (printed) confirms it in the admin
  (落地确认);
* the winner promoted into the solution library: a confirmed pilot and go-live in 淄博 and 济南, so
  its solution page (once editors publish it) shows "已在 2 个市落地，服务 … 人次";
* the promoted winner's go-live that became a published scene (e.g. 潍坊独居老人用水用电异常预警),
  whose page shows 落地情况 too; its pilot agreement with 省民政厅 waits for ``unit@shuyong.example`` at ``/unit/adoption/``;
* another winner: a go-live sent back for more material (需补充材料) with the editor's reason;
* a third: confirmed funding (获得投资).

Milestones are written as they stand after their review (the review service stamps today's time and
e-mails teams; the demo's story happened in 2025). Runs after the outcomes loader (order 72).
Idempotent: once the contest has milestones, nothing is added.
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

QINGDAO_EDITOR = "qingdao.editor@shuyong.example"


def _at(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


def _node(slug):
    from scenes.models import Node

    return Node.objects.filter(slug=slug).first()


def _editor(slug, fallback):
    user = get_user_model().objects.filter(email=f"{slug}.editor@shuyong.example").first()
    return user or fallback


def _milestone(entry, *, kind, title, happened_on, node, status, reviewer=None, reviewed_at=None, **fields):
    from contests.models import AdoptionMilestone, MilestoneStatus

    leader = entry.team.created_by
    milestone = AdoptionMilestone.objects.create(
        entry=entry,
        kind=kind,
        title=title,
        happened_on=happened_on,
        node=_node(node),
        status=status,
        created_by=leader,
        reviewed_by=reviewer if status != MilestoneStatus.SUBMITTED else None,
        reviewed_at=reviewed_at if status != MilestoneStatus.SUBMITTED else None,
        **fields,
    )
    return milestone


def _scene_of(entry):
    """A published scene that is this entry's solution at work in some city (its title is the city's
    name followed by the entry's title, as the showcase names such scenes), or None."""
    from scenes.models import ScenePage

    return (
        ScenePage.objects.live()
        .public()
        .filter(title__endswith=entry.title)
        .select_related("node")
        .order_by("pk")
        .first()
    )


def _story(contest, organiser):
    from contests.models import Entry, MilestoneKind, MilestoneStatus, Promotion
    from contests.services.adoption.public import winning_entries
    from scenes.models import Unit

    confirmed, waiting, more = MilestoneStatus.CONFIRMED, MilestoneStatus.SUBMITTED, MilestoneStatus.MORE_INFO
    jinan, zibo, qingdao = (_editor(slug, organiser) for slug in ("jinan", "zibo", "qingdao"))
    winners = list(
        winning_entries(contest).select_related("team__created_by", "track").order_by("track__sort_order", "pk")
    )
    team1 = Entry.objects.filter(contest=contest, team__memberships__user__email="team1@shuyong.example").first()
    promotion = Promotion.objects.filter(entry__contest=contest).select_related("entry__team__created_by").first()
    promoted = promotion.entry if promotion else None
    others = [entry for entry in winners if entry not in (team1, promoted)]

    if team1 is not None:
        _milestone(
            team1, kind=MilestoneKind.PILOT_AGREEMENT, title="与济南市民政局签订社区试点协议",
            happened_on=date(2025, 8, 28), node="jinan", status=confirmed, reviewer=jinan,
            reviewed_at=_at(2025, 9, 2), unit_name="济南市民政局",
            description="在历下区、市中区 6 个社区试点三个月。",
        )  # fmt: skip
        _milestone(
            team1, kind=MilestoneKind.GO_LIVE, title="在济南市 42 个社区正式上线",
            happened_on=date(2025, 12, 1), node="jinan", status=confirmed, reviewer=jinan,
            reviewed_at=_at(2025, 12, 5), unit_name="济南市民政局", beneficiaries=86_000,
            investment_wan=Decimal("120.00"), programme="济南市数字经济专项资金",
            description="覆盖 42 个社区的独居老人与助餐点，月服务约 7000 人次。",
        )  # fmt: skip
        _milestone(
            team1, kind=MilestoneKind.GO_LIVE, title="在青岛市崂山区正式上线",
            happened_on=date(2026, 3, 18), node="qingdao", status=waiting, beneficiaries=24_000,
            unit_name="崂山区民政局", description="已上线 3 个街道，附上线通知。",
        )  # fmt: skip
    if promoted is not None:
        _milestone(
            promoted, kind=MilestoneKind.PILOT, title="在淄博市张店区开展试点",
            happened_on=date(2025, 9, 15), node="zibo", status=confirmed, reviewer=zibo,
            reviewed_at=_at(2025, 9, 20), beneficiaries=12_000,
        )  # fmt: skip
        _milestone(
            promoted, kind=MilestoneKind.GO_LIVE, title="在济南市全市正式上线",
            happened_on=date(2026, 1, 10), node="jinan", status=confirmed, reviewer=jinan,
            reviewed_at=_at(2026, 1, 15), beneficiaries=108_000, investment_wan=Decimal("260.00"),
            programme="山东省大数据产业孵化基地",
        )  # fmt: skip
        # The deployment that became a showcase scene: the scene's page shows 落地情况 too.
        scene = _scene_of(promoted)
        if scene is not None:
            _milestone(
                promoted, kind=MilestoneKind.GO_LIVE, title=f"在{scene.node.name}正式上线（{scene.title}）",
                happened_on=date(2026, 5, 20), node=scene.node.slug, scene=scene, status=confirmed,
                reviewer=_editor(scene.node.slug, organiser), reviewed_at=_at(2026, 5, 26), beneficiaries=35_000,
            )  # fmt: skip
        # Waiting for the 赛题-setting unit of the demo (unit@shuyong.example confirms it at /unit/adoption/).
        civil_affairs = Unit.objects.filter(slug="civil-affairs").first()
        if civil_affairs is not None:
            _milestone(
                promoted, kind=MilestoneKind.PILOT_AGREEMENT, title="接入省养老服务综合平台试点",
                happened_on=date(2026, 4, 8), node="jinan", unit=civil_affairs, status=waiting,
                description="与省民政厅签订试点协议，在省养老服务综合平台接入补贴预警模块。",
            )  # fmt: skip
    if others:
        _milestone(
            others[0], kind=MilestoneKind.GO_LIVE, title="在青岛市正式上线",
            happened_on=date(2026, 2, 1), node="qingdao", status=more, reviewer=qingdao,
            reviewed_at=_at(2026, 2, 6),
            review_note="请补充青岛市卫健委出具的上线通知或验收材料，以及服务人次的统计口径。",
        )  # fmt: skip
    if len(others) > 1:
        _milestone(
            others[1], kind=MilestoneKind.FUNDING, title="获得天使轮投资",
            happened_on=date(2025, 11, 20), node="jinan", status=confirmed, reviewer=jinan,
            reviewed_at=_at(2025, 11, 28), investment_wan=Decimal("500.00"), programme="齐鲁数据产业基金",
        )  # fmt: skip


def load_adoption(command, options):
    from contests.demo.contest import ORGANISER
    from contests.demo.outcomes import CONTEST_SLUG
    from contests.models import AdoptionMilestone, Contest
    from scenes.demo import EDITOR_PASSWORD

    logins = [("落地确认（青岛城市编辑；省民政厅在 /unit/adoption/）", QINGDAO_EDITOR, EDITOR_PASSWORD)]
    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    if contest is None:
        return []
    if AdoptionMilestone.objects.filter(entry__contest=contest).exists():
        return logins
    organiser = get_user_model().objects.filter(email=ORGANISER[0]).first()
    _story(contest, organiser)
    if command is not None:
        count = AdoptionMilestone.objects.filter(entry__contest=contest).count()
        command.stdout.write(f"落地演示数据：{count} 条落地里程碑（已确认、待确认、需补充材料）。")
    return logins
