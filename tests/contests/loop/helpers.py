"""Builders of the loop's objects for these tests: units, needs (pages under /needs/), 赛题 with
offered data, contest pages and final results."""

import itertools

from django.utils import timezone

from contests.choices import AccessLevel
from contests.models import Challenge, ContestIndexPage, ContestPage, OfferedResource
from scenes.choices import NeedStatus
from scenes.models import NeedIndexPage, NeedPage, Unit
from tests.contests.factories import OrganiserFactory
from tests.contests.factories.entries import DataResourceFactory
from tests.scenes.factories import city

_serial = itertools.count(1)


def unit(name=None, slug=None):
    n = next(_serial)
    return Unit.objects.create(name=name or f"测试单位{n}", slug=slug or f"unit-{n}")


def need_index(home):
    index = NeedIndexPage.objects.first()
    if index is None:
        index = NeedIndexPage(title="应用需求", slug="needs")
        home.add_child(instance=index)
    return index


def need(home, *, live=True, title=None, status=NeedStatus.COLLECTING, slug=None):
    n = next(_serial)
    page = NeedPage(
        title=title or f"测试需求{n}",
        slug=slug or f"need-{n}",
        summary="独居老人助餐覆盖不足。",
        node=city("jinan"),
        department="省民政厅",
        affected="独居老人",
        live=live,
    )
    need_index(home).add_child(instance=page)
    if not live:
        page.save_revision()
    if status != NeedStatus.COLLECTING:
        NeedPage.objects.filter(pk=page.pk).update(status=status)
    return page


def challenge(track, *, unit_=None, need_=None, title=None, offers=(), created_by=None):
    n = next(_serial)
    item = Challenge.objects.create(
        track=track,
        unit=unit_ or unit(),
        need=need_,
        title=title or f"测试赛题{n}",
        slug=f"challenge-{n}",
        description="用数据解决问题。",
        contact_name="张三",
        created_by=created_by or OrganiserFactory(),
    )
    for level in offers:
        offer(item, level)
    return item


def offer(challenge_, level=AccessLevel.OPEN, resource=None):
    return OfferedResource.objects.create(
        challenge=challenge_,
        resource=resource or DataResourceFactory(),
        access_level=level,
        download_url="https://data.example.cn/a.csv" if level == AccessLevel.OPEN else "",
        sandbox_instructions="申请沙箱账号。" if level == AccessLevel.SANDBOX else "",
    )


def contest_page(home, contest, *, live=True):
    index = ContestIndexPage.objects.first()
    if index is None:
        index = ContestIndexPage(title="大赛", slug="contests")
        home.add_child(instance=index)
    page = ContestPage(title=contest.name, slug=contest.slug, contest=contest, live=live)
    index.add_child(instance=page)
    if not live:
        page.save_revision()
    return page


def finalise_results(contest, entry, *, by):
    """An active award for ``entry`` in a round of ``contest`` whose results are final."""
    from contests.models import Award, AwardCategory, ResultPublication
    from tests.contests.factories import RoundFactory

    round_ = RoundFactory(contest=contest)
    now = timezone.now()
    ResultPublication.objects.create(
        round=round_, published_by=by, published_at=now, notice_ends_at=now, finalised_by=by, finalised_at=now
    )
    category = AwardCategory.objects.create(contest=contest, name="一等奖", level="first", sort_order=1)
    return Award.objects.create(category=category, entry=entry, round=round_, track=entry.track, awarded_by=by)
