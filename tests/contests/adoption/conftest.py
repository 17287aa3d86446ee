"""A final winner (leader, member, adviser), a city editor of 济南 and one of 青岛, a moderator, the
赛题's unit member and another unit's, an organiser; the entry answers a 赛题 set from a need."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from contests.choices import EntryStatus, TeamRole
from contests.models import AdoptionMilestone, MilestoneKind
from scenes.models import UnitMember
from scenes.rules import MODERATOR_GROUP
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import add_member, leader_of
from tests.contests.factories.judging import eligible_entry, organiser
from tests.contests.loop import helpers
from tests.scenes.factories import city


def city_editor(slug, email):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(city(slug).editor_group)
    return user


def make_milestone(entry, *, kind=MilestoneKind.GO_LIVE, node="jinan", status="submitted", **fields):
    fields.setdefault("title", "在济南市 12 个社区正式上线")
    fields.setdefault("happened_on", timezone.localdate())
    return AdoptionMilestone.objects.create(
        entry=entry,
        kind=kind,
        node=city(node) if node else None,
        status=status,
        created_by=leader_of(entry.team),
        **fields,
    )


@pytest.fixture
def world(demo_site):
    from django.contrib.auth.models import Group

    contest = ContestFactory(slug="adoption-2025", name="2025 数据应用创新创业大赛")
    track = TrackFactory(contest=contest, name="智慧养老")
    boss = organiser(email="boss@adoption.example")
    unit = helpers.unit("济南市民政局", "jinan-minzheng")
    unit_member = UserFactory(email="unit@adoption.example")
    UnitMember.objects.create(unit=unit, user=unit_member)
    other_unit = helpers.unit("青岛市卫健委", "qingdao-weijian")
    other_unit_member = UserFactory(email="other-unit@adoption.example")
    UnitMember.objects.create(unit=other_unit, user=other_unit_member)
    need = helpers.need(demo_site, title="独居老人助餐")
    challenge = helpers.challenge(track, unit_=unit, need_=need, created_by=boss)
    team = TeamFactory(contest=contest, name="银龄队")
    entry = eligible_entry(contest, track, team=team, title="银龄助餐地图", challenge=challenge)
    award = helpers.finalise_results(contest, entry, by=boss)
    type(entry).objects.filter(pk=entry.pk).update(status=EntryStatus.AWARDED)
    entry.refresh_from_db()
    member = add_member(team)
    adviser = add_member(team, role=TeamRole.ADVISER)
    other_team = TeamFactory(contest=contest, name="别的队")
    other_entry = eligible_entry(contest, track, team=other_team, title="未获奖作品")
    moderator = UserFactory(email="mod@adoption.example", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATOR_GROUP))
    return SimpleNamespace(
        contest=contest,
        track=track,
        boss=boss,
        unit=unit,
        unit_member=unit_member,
        other_unit=other_unit,
        other_unit_member=other_unit_member,
        need=need,
        challenge=challenge,
        team=team,
        entry=entry,
        award=award,
        leader=leader_of(team),
        member=member,
        adviser=adviser,
        other_team=other_team,
        other_entry=other_entry,
        other_leader=leader_of(other_team),
        jinan_editor=city_editor("jinan", "jinan.editor@adoption.example"),
        qingdao_editor=city_editor("qingdao", "qingdao.editor@adoption.example"),
        moderator=moderator,
        home=demo_site,
    )
