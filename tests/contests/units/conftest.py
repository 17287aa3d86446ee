"""The unit workspace's world: two units with one member each, a published need, an open track,
a challenge of the first unit, and helpers to sign in."""

import pytest

from contests.models import Challenge
from scenes.models import NeedIndexPage, NeedPage, Unit, UnitMember
from tests.contests.factories import TrackFactory, UserFactory
from tests.scenes.factories import DataResourceFactory, DomainFactory, city


def make_unit(name, slug):
    return Unit.objects.create(name=name, slug=slug)


def make_member(unit, email):
    user = UserFactory(email=email)
    UnitMember.objects.create(unit=unit, user=user)
    return user


def make_need(index, title="老年人就医陪护需求", unit=None, **kwargs):
    need = NeedPage(
        title=title,
        slug=kwargs.pop("slug", None) or f"need-{NeedPage.objects.count() + 1}",
        summary="独居老人就医缺少陪护。",
        node=city("jinan"),
        proposing_unit=unit,
        department="济南市卫健委",
        affected="全市独居老人约三万人",
        **kwargs,
    )
    index.add_child(instance=need)
    need.domains.set([DomainFactory()])
    return need


@pytest.fixture
def unit(db):
    return make_unit("省卫生健康委员会", "wei-jian-wei")


@pytest.fixture
def other_unit(db):
    return make_unit("省交通运输厅", "jiao-tong")


@pytest.fixture
def member(unit):
    return make_member(unit, "unit@example.org")


@pytest.fixture
def other_member(other_unit):
    return make_member(other_unit, "other-unit@example.org")


@pytest.fixture
def need_index(demo_site):
    index = NeedIndexPage(title="应用需求", slug="needs")
    demo_site.add_child(instance=index)
    return index


@pytest.fixture
def need(need_index):
    return make_need(need_index)


@pytest.fixture
def track(db):
    return TrackFactory()


@pytest.fixture
def resource(unit):
    return DataResourceFactory(name="医疗机构就诊记录", owner_unit=unit)


@pytest.fixture
def challenge(unit, member, need, track):
    return Challenge.objects.create(
        track=track,
        unit=unit,
        need=need,
        title="独居老人就医陪护",
        slug="du-ju-lao-ren",
        description="用数据找到需要陪护的老人。",
        contact_name="王老师",
        created_by=member,
    )


@pytest.fixture
def other_challenge(other_unit, other_member, need, track):
    return Challenge.objects.create(
        track=track,
        unit=other_unit,
        need=need,
        title="公交线路优化",
        slug="gong-jiao",
        description="优化公交线路。",
        contact_name="李老师",
        created_by=other_member,
    )


def data_request(offer, **kwargs):
    """A pending data request of a new team for ``offer``."""
    from django.utils import timezone

    from contests.models import DataRequest
    from tests.contests.factories import TeamFactory

    team = TeamFactory(contest=offer.challenge.track.contest)
    now = timezone.now()
    return DataRequest.objects.create(
        team=team,
        offer=offer,
        purpose="训练模型",
        requested_by=team.created_by,
        requested_at=now,
        due_at=kwargs.pop("due_at", now),
        **kwargs,
    )


def finalise_results(contest, at):
    """The contest's (only) round published and final at ``at``."""
    from datetime import timedelta

    from contests.models import ResultPublication
    from tests.contests.factories import RoundFactory, UserFactory

    round_ = RoundFactory(contest=contest)
    ResultPublication.objects.create(
        round=round_,
        published_by=UserFactory(),
        published_at=at - timedelta(days=7),
        notice_ends_at=at,
        finalised_at=at,
    )
    return round_
