"""A challenge-setting unit reviews its own 赛题 when the organiser allows it (``unit_may_review``):
the organiser appoints the unit's members from the round's page, after a confirmation that states
the counts; each member then judges exactly the eligible entries of that challenge, blind, in the
judges' workspace, except those they are in conflict with."""

import re

import pytest
from django.urls import reverse

from contests.choices import EntryStatus
from contests.models import Assignment, AssignmentSource, AuditEvent, Challenge, JudgeProfile, JudgeStatus, Round
from contests.services.judging.assignment import assign_judges
from contests.services.judging.judges import blind_code
from contests.services.judging.unit_review import appoint_unit_reviewers
from scenes.models import Unit, UnitMember
from tests.contests.factories import ContestFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.judging import JudgeFactory, eligible_entry, make_rubric, open_round, organiser

pytestmark = pytest.mark.django_db

UNIT_NAME = "省卫生健康委员会"
TEAM_NAME = "鲲鹏星河队XQ"


def make_challenge(track, unit, slug, *, may_review=True):
    return Challenge.objects.create(
        track=track, unit=unit, title=f"赛题{slug}", slug=slug, description="用数据解决问题。",
        contact_name="王老师", created_by=UserFactory(), unit_may_review=may_review,
    )  # fmt: skip


@pytest.fixture
def world(db):
    contest = ContestFactory()
    round_ = open_round(contest, judges_per_entry=2)
    make_rubric(round_)
    track = TrackFactory(contest=contest)
    unit = Unit.objects.create(name=UNIT_NAME, slug="wei-jian-wei")
    other_unit = Unit.objects.create(name="省交通运输厅", slug="jiao-tong")
    reviewer = UserFactory(email="wang@wjw-unit.example", real_name="王审阅")
    UnitMember.objects.create(unit=unit, user=reviewer)
    other_reviewer = UserFactory(email="li@jt-unit.example", real_name="李审阅")
    UnitMember.objects.create(unit=other_unit, user=other_reviewer)
    challenge = make_challenge(track, unit, "yang-lao")
    other_challenge = make_challenge(track, other_unit, "gong-jiao")
    entries = [
        eligible_entry(contest, track, team=TeamFactory(contest=contest, name=TEAM_NAME), challenge=challenge),
        eligible_entry(contest, track, challenge=challenge),
    ]
    draft = eligible_entry(contest, track, challenge=challenge, status=EntryStatus.DRAFT)
    # A team from the unit itself: the unit's reviewer is in conflict with it.
    conflicted = eligible_entry(
        contest, track, team=TeamFactory(contest=contest, organisation=UNIT_NAME), challenge=challenge
    )
    other = eligible_entry(contest, track, challenge=other_challenge)
    plain = eligible_entry(contest, track)
    return {
        "contest": contest, "round": round_, "track": track, "unit": unit, "reviewer": reviewer,
        "other_reviewer": other_reviewer, "challenge": challenge, "other_challenge": other_challenge,
        "entries": entries, "draft": draft, "conflicted": conflicted, "other": other, "plain": plain,
    }  # fmt: skip


def entries_of(user, round_):
    return set(
        Assignment.objects.filter(round=round_, judge__user=user, state="active").values_list("entry_id", flat=True)
    )


def test_nothing_happens_when_the_organiser_does_not_allow_unit_review(world):
    Challenge.objects.update(unit_may_review=False)
    done = appoint_unit_reviewers(world["round"], actor=organiser())
    assert (done.new_judges, done.new_assignments) == (0, 0)
    assert not JudgeProfile.objects.exists() and not Assignment.objects.exists()


def test_members_review_exactly_their_challenges_eligible_entries_and_conflicts_are_skipped(world):
    boss = organiser()
    done = appoint_unit_reviewers(world["round"], actor=boss)
    mine = {entry.pk for entry in world["entries"]}
    assert entries_of(world["reviewer"], world["round"]) == mine  # no draft, no conflict, no other 赛题
    assert entries_of(world["other_reviewer"], world["round"]) == {world["other"].pk}
    assert (done.new_judges, done.new_assignments, done.conflicts) == (2, 3, 1)
    profile = JudgeProfile.objects.get(user=world["reviewer"])
    assert (profile.status, profile.organisation, profile.contest) == (JudgeStatus.ACTIVE, UNIT_NAME, world["contest"])
    assert not profile.expertise.exists()  # so automatic assignment never hands them other 赛题
    assert set(Assignment.objects.values_list("source", flat=True)) == {AssignmentSource.UNIT}
    assert AuditEvent.objects.filter(action="judging.unit_reviewer_appointed", actor=boss).count() == 2
    assert AuditEvent.objects.filter(action="judging.assign", after__source="unit").count() == 1


def test_appointing_twice_changes_nothing(world):
    boss = organiser()
    appoint_unit_reviewers(world["round"], actor=boss)
    before = list(Assignment.objects.order_by("pk").values_list("pk", "entry_id", "judge_id"))
    again = appoint_unit_reviewers(world["round"], actor=boss)
    assert (again.new_judges, again.new_assignments, again.existing) == (0, 0, 3)
    assert list(Assignment.objects.order_by("pk").values_list("pk", "entry_id", "judge_id")) == before
    assert JudgeProfile.objects.count() == 2


def test_an_already_active_judge_is_reused_and_a_recused_entry_is_not_given_back(world):
    profile = JudgeFactory(contest=world["contest"], user=world["reviewer"], email=world["reviewer"].email)
    first, second = world["entries"]
    Assignment.objects.create(round=world["round"], entry=first, judge=profile, state="recused")
    done = appoint_unit_reviewers(world["round"], actor=organiser())
    assert JudgeProfile.objects.filter(user=world["reviewer"]).count() == 1
    assert entries_of(world["reviewer"], world["round"]) == {second.pk}
    assert done.new_judges == 1  # only the other unit's member


def test_unit_reviewers_do_not_take_the_seats_of_the_panel(world):
    appoint_unit_reviewers(world["round"], actor=organiser())
    experts = [JudgeFactory(contest=world["contest"], tracks=[world["track"]]) for _ in range(2)]
    assign_judges(world["round"], actor=None)
    for entry in world["entries"]:
        panel = Assignment.objects.filter(round=world["round"], entry=entry, source=AssignmentSource.AUTO)
        assert set(panel.values_list("judge_id", flat=True)) == {e.pk for e in experts}


def test_the_organiser_confirms_with_the_counts_and_then_the_member_judges_blind(client, world):
    boss = organiser()
    client.force_login(boss)
    url = reverse("judging_rounds:unit_reviewers", args=[world["round"].pk])
    html = client.get(url).content.decode()
    assert "赛题共 2 个" in html and "2 名单位成员" in html and "本轮 4 件作品" in html
    assert "新建 2 个评委档案" in html and "其评分与其他评委的评分一样计入成绩" in html
    response = client.post(url, {})  # not confirmed: nothing happens
    assert response.status_code == 200 and not Assignment.objects.exists()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302 and Assignment.objects.count() == 3
    Round.objects.filter(pk=world["round"].pk).update(judges_per_entry=1)
    dashboard = client.get(reverse("judging_rounds:round", args=[world["round"].pk])).content.decode()
    assert "新增 3 条评审分配" in dashboard
    # The unit's reviewers fill no seat of the panel: all five eligible entries still
    # lack their one judge.
    assert re.search(r"评委不足的作品</span><strong[^>]*>5</strong>", dashboard)

    client.force_login(world["reviewer"])
    page = client.get(reverse("contests:judging:round", args=[world["round"].pk]), follow=True).content.decode()
    for entry in world["entries"]:
        assert blind_code(entry) in page
    for hidden in (world["draft"], world["conflicted"], world["other"], world["plain"]):
        assert blind_code(hidden) not in page
    assert TEAM_NAME not in page
    assignment = Assignment.objects.get(judge__user=world["reviewer"], entry=world["entries"][0])
    code_url = reverse("contests:judging:assignment", kwargs={"code": assignment.code})
    client.post(reverse("contests:judging:declare", kwargs={"code": assignment.code}), {"confirm": "on"})
    detail = client.get(code_url).content.decode()
    assert 'id="score-form"' in detail and TEAM_NAME not in detail


def test_only_organisers_may_appoint_unit_reviewers(client, world):
    url = reverse("judging_rounds:unit_reviewers", args=[world["round"].pk])
    for user in (world["reviewer"], world["entries"][0].team.created_by):
        client.force_login(user)
        response = client.post(url, {"confirm": "on"})
        assert response.status_code in (302, 403)
        assert not response.headers.get("Location", "").endswith(
            reverse("judging_rounds:round", args=[world["round"].pk])
        )
    assert not Assignment.objects.exists() and not JudgeProfile.objects.exists()


def test_the_confirmation_and_the_appointment_take_as_many_queries_for_many_members_and_entries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    boss = organiser()
    client.force_login(boss)
    url = reverse("judging_rounds:unit_reviewers", args=[world["round"].pk])

    def counts():
        with CaptureQueriesContext(connection) as page:
            client.get(url)
        with CaptureQueriesContext(connection) as action:
            appoint_unit_reviewers(world["round"], actor=boss)
        Assignment.objects.all().delete()
        JudgeProfile.objects.all().delete()
        AuditEvent.objects.all().delete()
        return len(page), len(action)

    counts()  # warm the caches (content types, the session)
    small = counts()
    for _n in range(5):
        eligible_entry(world["contest"], world["track"], challenge=world["challenge"])
    assert counts() == small  # more entries: not one query more
    for n in range(3):
        UnitMember.objects.create(unit=world["unit"], user=UserFactory(email=f"m{n}@wjw-unit.example"))
    page, action = counts()
    # A new member's profile is written once, on its own (insert, Wagtail's reference index, audit
    # event): seven queries per new reviewer, never per entry; the page stays constant.
    assert page == small[0]
    assert action - small[1] <= 3 * 7
