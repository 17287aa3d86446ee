"""A small after-award world for the impact tests: three contests (two with final results, one still
in its notice period), winners with confirmed and unconfirmed milestones, a revoked award and an
entry that won nothing."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from contests.models import AdoptionMilestone, Award, AwardCategory, EntryDataUse, ResultPublication
from contests.models.adoption import MilestoneKind, MilestoneStatus
from tests.contests.factories import ContestFactory, OrganiserFactory, RoundFactory, TrackFactory
from tests.contests.factories.entries import DataResourceFactory, EntryFactory
from tests.contests.loop import helpers
from tests.scenes.factories import DomainFactory, city


def contest_with_results(*, final=True, **fields):
    contest = ContestFactory(**fields)
    round_ = RoundFactory(contest=contest)
    boss = OrganiserFactory()
    now = timezone.now()
    ResultPublication.objects.create(
        round=round_,
        published_by=boss,
        published_at=now,
        notice_ends_at=now,
        finalised_by=boss if final else None,
        finalised_at=now if final else None,
    )
    first = AwardCategory.objects.create(contest=contest, name="一等奖", level="first", sort_order=1)
    excellent = AwardCategory.objects.create(contest=contest, name="优秀奖", level="excellent", sort_order=5)
    return SimpleNamespace(contest=contest, round=round_, boss=boss, first=first, excellent=excellent)


def award(results, entry, category=None, *, revoked=False):
    return Award.objects.create(
        category=category or results.first,
        entry=entry,
        round=results.round,
        track=entry.track,
        awarded_by=results.boss,
        revoked_at=timezone.now() if revoked else None,
        revoked_by=results.boss if revoked else None,
    )


def milestone(entry, kind, node=None, status=MilestoneStatus.CONFIRMED, **fields):
    fields.setdefault("happened_on", datetime.date(2026, 3, 1))
    return AdoptionMilestone.objects.create(
        entry=entry,
        kind=kind,
        title=fields.pop("title", "上线"),
        node=node,
        status=status,
        created_by=entry.created_by,
        **fields,
    )


def build(home, *, title_prefix=""):
    """The world, its need and the two final contests' public pages under ``home``."""
    a = contest_with_results(slug="impact-2025", name="2025 数据应用大赛", year=2025)
    b = contest_with_results(slug="impact-2026", name="2026 数据应用大赛", year=2026)
    c = contest_with_results(final=False, slug="impact-notice", name="公示中大赛", year=2026)
    jinan, qingdao = city("jinan"), city("qingdao")
    elderly = DomainFactory(name="智慧养老", slug="elderly")
    track_a = TrackFactory(contest=a.contest, name="民生服务")
    e1 = EntryFactory(contest=a.contest, team__contest=a.contest, team__name="助老团队", track=track_a,
                      title=f"{title_prefix}助老餐桌")  # fmt: skip
    e2 = EntryFactory(contest=a.contest, team__contest=a.contest, track=track_a, title="社区巡检")
    e3 = EntryFactory(contest=a.contest, team__contest=a.contest, track=track_a, title="撤销作品")
    e4 = EntryFactory(contest=c.contest, team__contest=c.contest, title="公示中作品")
    e5 = EntryFactory(contest=b.contest, team__contest=b.contest, title="城市停车")
    e6 = EntryFactory(contest=a.contest, team__contest=a.contest, track=track_a, title="未获奖作品")
    need = helpers.need(home, title="老年助餐")
    need.domains.add(elderly)
    need.save()
    e1.challenge = helpers.challenge(track_a, need_=need)
    e1.save(update_fields=["challenge"])
    helpers.contest_page(home, a.contest)
    helpers.contest_page(home, b.contest)
    award(a, e1)
    award(a, e1, a.excellent)  # a second award: the entry still counts once
    award(a, e2)
    award(a, e3, revoked=True)
    award(c, e4)
    award(b, e5)
    milestone(e1, MilestoneKind.GO_LIVE, jinan, beneficiaries=1000, investment_wan=Decimal("50"))
    milestone(e1, MilestoneKind.PILOT_AGREEMENT, qingdao)
    milestone(e1, MilestoneKind.PILOT, qingdao, status=MilestoneStatus.REJECTED)
    milestone(e2, MilestoneKind.GO_LIVE, jinan, status=MilestoneStatus.SUBMITTED, beneficiaries=99999)
    milestone(e2, MilestoneKind.FUNDING, jinan, status=MilestoneStatus.MORE_INFO, investment_wan=Decimal("999"))
    milestone(e3, MilestoneKind.GO_LIVE, jinan, beneficiaries=77777)
    milestone(e4, MilestoneKind.GO_LIVE, jinan, beneficiaries=88888)
    milestone(e5, MilestoneKind.GO_LIVE, qingdao, beneficiaries=2000, happened_on=datetime.date(2026, 5, 1))
    milestone(e5, MilestoneKind.USERS, qingdao, beneficiaries=5000)
    milestone(e6, MilestoneKind.GO_LIVE, jinan, beneficiaries=66666)
    resource = DataResourceFactory(name="养老机构名录", slug="elderly-homes", department="省民政厅", node=jinan)
    resource.domains.add(elderly)
    for entry in (e1, e3, e6):
        EntryDataUse.objects.create(entry=entry, resource=resource, how="匹配助餐点")
    return SimpleNamespace(
        a=a, b=b, c=c, e1=e1, e2=e2, e3=e3, e4=e4, e5=e5, e6=e6, jinan=jinan, qingdao=qingdao,
        elderly=elderly, resource=resource,
    )  # fmt: skip
