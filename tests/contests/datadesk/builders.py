"""Builders of the data desk's world: a unit with a member, a 赛题 with an agreement-level offer (v1
agreement, one private file), and a team whose entry answers the 赛题. Shared with the URL sweep."""

import hashlib
from types import SimpleNamespace

from django.core.files.base import ContentFile

from contests.choices import AccessLevel, TeamRole
from contests.models import Challenge, DataAgreement, OfferedFile, OfferedResource
from scenes.models import Unit, UnitMember
from tests.contests.factories import TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import EntryFactory, add_member
from tests.scenes.factories import DataResourceFactory

SANDBOX_TEXT = "登录数据沙箱 https://sandbox.example.cn 申请账号。"
FILE_BYTES = "区县,人数\n历下区,1200\n市中区,980\n".encode()


def make_unit(name="省卫生健康委员会", slug="weijian", member=None):
    defaults = {"name": name, "contact_email": f"{slug}@unit.example"}
    unit, _created = Unit.objects.get_or_create(slug=slug, defaults=defaults)
    if member is not None:
        UnitMember.objects.get_or_create(unit=unit, user=member)
    return unit


def make_challenge(track, unit, creator, title="基层医疗资源精准配置"):
    return Challenge.objects.create(
        track=track,
        unit=unit,
        title=title,
        slug=f"challenge-{Challenge.objects.count() + 1}",
        description="利用就诊与人口数据，优化基层医疗资源配置。",
        contact_name="王老师",
        created_by=creator,
    )


def make_offer(challenge, creator, level=AccessLevel.AGREEMENT, name=None, agreement_text="仅用于本次大赛，不得外传。"):
    resource = DataResourceFactory(name=name or f"数据资源{OfferedResource.objects.count() + 1}")
    offer = OfferedResource.objects.create(
        challenge=challenge,
        resource=resource,
        access_level=level,
        download_url="https://data.example.cn/open.csv" if level == AccessLevel.OPEN else "",
        sandbox_instructions=SANDBOX_TEXT if level == AccessLevel.SANDBOX else "",
    )
    if level == AccessLevel.AGREEMENT and agreement_text:
        DataAgreement.objects.create(offer=offer, version=1, text=agreement_text, created_by=creator)
    return offer


def new_agreement_version(offer, creator, text="第二版：新增数据销毁条款。"):
    latest = offer.agreements.order_by("-version").first()
    return DataAgreement.objects.create(offer=offer, version=latest.version + 1, text=text, created_by=creator)


def make_file(offer, uploader, name="门诊量统计.csv", content=FILE_BYTES):
    offered = OfferedFile(
        offer=offer,
        original_name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=uploader,
    )
    offered.file.save("data", ContentFile(content), save=False)
    offered.save()
    return offered


def team_answering(challenge, leader=None, name=None):
    """A team (leader, member, adviser) whose entry answers ``challenge``."""
    kwargs = {"contest": challenge.track.contest, "created_by": leader or UserFactory()}
    if name:
        kwargs["name"] = name
    team = TeamFactory(**kwargs)
    member = add_member(team)
    adviser = add_member(team, role=TeamRole.ADVISER)
    EntryFactory(team=team, contest=team.contest, track=challenge.track, challenge=challenge)
    return SimpleNamespace(team=team, leader=team.created_by, member=member, adviser=adviser)


def data_desk_world(contest, organiser):
    """Everything the data desk tests need, around ``contest``."""
    unit_user = UserFactory(real_name="单位审批人")
    unit = make_unit(member=unit_user)
    other_unit_user = UserFactory(real_name="别的单位")
    other_unit = make_unit(name="省交通运输厅", slug="jiaotong", member=other_unit_user)
    track = TrackFactory(contest=contest)
    challenge = make_challenge(track, unit, organiser)
    offer = make_offer(challenge, organiser, name="基层门诊就诊数据")
    second = make_offer(challenge, organiser, name="家庭医生签约数据")
    open_offer = make_offer(challenge, organiser, level=AccessLevel.OPEN, name="医疗机构名录")
    sandbox = make_offer(challenge, organiser, level=AccessLevel.SANDBOX, name="医保结算明细")
    file = make_file(offer, unit_user)
    other_challenge = make_challenge(track, other_unit, organiser, title="公交线网优化")
    foreign_offer = make_offer(other_challenge, organiser, name="公交刷卡数据")
    ours = team_answering(challenge)
    theirs = team_answering(other_challenge)
    return SimpleNamespace(
        contest=contest,
        unit=unit,
        unit_user=unit_user,
        other_unit=other_unit,
        other_unit_user=other_unit_user,
        challenge=challenge,
        offer=offer,
        second=second,
        open_offer=open_offer,
        sandbox=sandbox,
        file=file,
        foreign_offer=foreign_offer,
        ours=ours,
        theirs=theirs,
        organiser=organiser,
    )


def sweep_data_desk_world(judging, boss):
    """The URL sweep's data desk (tests/security/conftest.py): the judging contest's team answers a 赛题
    with its draft; its leader holds an approved request (agreement accepted) and a pending one."""
    from django.utils import timezone

    from contests.models import Entry
    from contests.services import datadesk as desk

    leader = judging.team.memberships.get(role=TeamRole.LEADER).user
    unit_user = UserFactory(email="unit@sweep.example", real_name="出题单位审批人")
    unit = make_unit(name="受测出题单位", slug="sweep-unit", member=unit_user)
    challenge = make_challenge(judging.track, unit, boss, title="受测赛题")
    Entry.objects.filter(pk=judging.draft.pk).update(challenge=challenge)
    offer = make_offer(challenge, boss, name="受测协议数据")
    second = make_offer(challenge, boss, name="受测第二项数据")
    file = make_file(offer, unit_user)
    now = timezone.now()
    (approved,) = desk.apply(
        judging.team, [offer], "受测用途", leader, "", now, accepting=[desk.current_agreement(offer)]
    )
    approved = desk.decide(approved, unit_user, True, "", approved.version, now)
    (pending,) = desk.apply(
        judging.team, [second], "受测用途", leader, "", now, accepting=[desk.current_agreement(second)]
    )
    return SimpleNamespace(
        unit=unit,
        unit_user=unit_user,
        challenge=challenge,
        offer=offer,
        agreement=desk.current_agreement(offer),
        file=file,
        approved=approved,
        pending=pending,
        leader=leader,
    )
