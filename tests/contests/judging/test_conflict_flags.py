"""A conflict that appears after a judge was assigned (e.g. a team member changes their organisation
to the judge's) never withdraws the judge on its own: it becomes a flag for the organiser, who keeps
the judge or removes the assignment."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from contests.choices import TeamRole
from contests.models import AssignmentState, AuditEvent, ConflictDecision, ConflictFlag, ConflictSource, ScoreStatus
from contests.services.judging.assignment import assign_judges
from contests.services.teams import accept_invitation
from tests.contests.factories import InvitationFactory, UserFactory
from tests.contests.factories.entries import add_member
from tests.contests.factories.judging import judging_setup, organiser

pytestmark = pytest.mark.django_db

COMMENT = "方案紧扣赛题，数据来源清楚，落地路径可行，建议补充效益测算。"
JUDGE_ORGANISATION = "山东省数据应用研究院"
SAME_UNIT = "评委与团队或其成员属同一单位"
SAME_CODE = "评委单位与团队或其成员的统一社会信用代码相同"
JUDGE_CREDIT_CODE = "91350100M000100Y43"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world():
    """One judge assigned by the real service to one eligible (submitted) entry, the no-conflict
    declaration made; a team member who can edit their own profile."""
    _contest, round_, _tracks, (judge,), (entry,) = judging_setup(judges=1, entries=1, k=1)
    judge.organisation = JUDGE_ORGANISATION
    judge.credit_code = JUDGE_CREDIT_CODE
    judge.save(update_fields=["organisation", "credit_code"])
    member = add_member(entry.team, UserFactory(real_name="钱队员", organisation="某某大学"))
    assert assign_judges(round_).created == 1
    assignment = entry.assignments.get()
    assignment.declared_no_conflict_at = assignment.created_at
    assignment.save(update_fields=["declared_no_conflict_at"])
    return {"round": round_, "entry": entry, "judge": judge, "member": member, "assignment": assignment}


@pytest.fixture
def boss():
    return organiser()


def save_profile(client, member, **changes):
    """As the team member, save one's own profile (the hostile step when the organisation is the judge's)."""
    client.force_login(member)
    data = {"real_name": member.real_name, "phone": "", "organisation": member.organisation, "credit_code": ""}
    response = client.post(reverse("contests:profile"), data | changes)
    assert response.status_code == 302
    member.refresh_from_db()
    client.logout()


def move_to_judges_organisation(client, member):
    save_profile(client, member, organisation=JUDGE_ORGANISATION)


def assignment_url(assignment):
    return reverse("contests:judging:assignment", kwargs={"code": assignment.code})


def dashboard_url(round_):
    return reverse("judging_rounds:round", args=[round_.pk])


def open_flags():
    return list(ConflictFlag.objects.filter(resolved_at__isnull=True))


def test_a_member_moving_to_the_judges_organisation_does_not_silently_remove_the_judge(client, world):
    move_to_judges_organisation(client, world["member"])
    assignment = world["assignment"]
    client.force_login(world["judge"].user)
    response = client.get(assignment_url(assignment))
    assert response.status_code == 200
    assert world["entry"].title in response.text
    # The judge can still score and submit.
    criteria = list(world["round"].criteria.order_by("sort_order"))
    form = {f"criterion_{c.pk}": 5 for c in criteria} | {
        "version": 0,
        "comment": COMMENT,
        "action": "submit",
        "confirm": "yes",
    }
    response = client.post(assignment_url(assignment), form)
    # After the confirmed submission the judge is back at the score's heading on the same page.
    assert (response.status_code, response["Location"]) == (302, assignment_url(assignment) + "#score-heading")
    assignment.refresh_from_db()
    assert (assignment.state, assignment.score.status) == (AssignmentState.ACTIVE, ScoreStatus.SUBMITTED)


def test_the_profile_save_flags_the_conflict_to_the_organiser_with_the_reason_and_the_change(client, world, boss):
    member = world["member"]
    move_to_judges_organisation(client, member)
    (flag,) = open_flags()
    change = f"钱队员（{member.email}）修改个人资料：工作单位 由“某某大学”改为“{JUDGE_ORGANISATION}”"
    assert (flag.assignment, flag.reason_list, flag.source, flag.change) == (
        world["assignment"], [SAME_UNIT], ConflictSource.PROFILE, change,
    )  # fmt: skip
    # Recorded for the team and for the flag, with who changed what.
    events = AuditEvent.objects.order_by("id").values_list("action", "actor", "before", "after", "note")
    assert [e for e in events if e[0] in ("team.member_identity_changed", "judging.conflict_flagged")] == [
        (
            "team.member_identity_changed", member.pk, {"organisation": "某某大学"},
            {"user": member.pk, "organisation": JUDGE_ORGANISATION}, change,
        ),
        (
            "judging.conflict_flagged", member.pk, None,
            {
                "assignment": flag.assignment_id, "judge": world["judge"].pk, "entry": world["entry"].pk,
                "reasons": [SAME_UNIT], "source": "profile",
            },
            change,
        ),
    ]  # fmt: skip
    client.force_login(boss)
    html = client.get(dashboard_url(world["round"])).text
    for text in (
        world["judge"].name, world["entry"].title, world["entry"].team.name, SAME_UNIT, change, "2026-11-20 10:00",
        reverse("judging_rounds:keep_judge", args=[flag.pk]),
        reverse("judging_rounds:remove_assignment", args=[flag.assignment_id]),
    ):  # fmt: skip
        assert text in html, text


def test_saving_again_and_the_judge_opening_the_entry_do_not_duplicate_the_flag(client, world):
    member = world["member"]
    move_to_judges_organisation(client, member)
    save_profile(client, member)  # the same organisation again
    save_profile(client, member, phone="13800138000")
    client.force_login(world["judge"].user)
    for _ in range(2):
        assert client.get(assignment_url(world["assignment"])).status_code == 200
        assert client.get(reverse("contests:judging:round", args=[world["round"].pk])).status_code == 200
    assert ConflictFlag.objects.count() == 1
    assert AuditEvent.objects.filter(action="judging.conflict_flagged").count() == 1
    assert AuditEvent.objects.filter(action="team.member_identity_changed").count() == 1


def test_the_judge_never_sees_the_flag_or_the_teams_identity(client, world):
    member, entry = world["member"], world["entry"]
    move_to_judges_organisation(client, member)
    client.force_login(world["judge"].user)
    pages = [
        client.get(reverse("contests:judging:dashboard"), follow=True).text,
        client.get(assignment_url(world["assignment"])).text,
        client.get(reverse("contests:judging:recuse", kwargs={"code": world["assignment"].code})).text,
    ]
    assert entry.title in pages[1]  # the page really is the entry
    for html in pages:
        for secret in (
            SAME_UNIT,
            member.real_name,
            member.email,
            entry.team.name,
            entry.team.organisation,
            "修改个人资料",
        ):
            assert secret not in html


def test_the_organiser_removes_the_assignment_then_the_judge_gets_404_and_the_trail_records_it(client, world, boss):
    move_to_judges_organisation(client, world["member"])
    assignment = world["assignment"]
    (flag,) = open_flags()
    client.force_login(boss)
    remove_url = reverse("judging_rounds:remove_assignment", args=[assignment.pk])
    assert f"利益冲突：{SAME_UNIT}</textarea>" in client.get(remove_url).text  # the reason, pre-filled
    response = client.post(remove_url, {"reason": f"利益冲突：{SAME_UNIT}", "top_up": "", "confirm": "on"})
    assert response["Location"] == dashboard_url(world["round"])
    assert "暂无待处理的利益冲突。" in client.get(dashboard_url(world["round"])).text
    flag.refresh_from_db()
    assert (flag.decision, flag.resolved_by, flag.resolved_at) == (ConflictDecision.REASSIGN, boss, NOW)
    client.force_login(world["judge"].user)
    assert client.get(assignment_url(assignment)).status_code == 404
    assert list(AuditEvent.objects.filter(actor=boss).order_by("id").values_list("action", "object_id", "note")) == [
        ("judging.assignment_removed", str(assignment.pk), f"利益冲突：{SAME_UNIT}"),
        ("judging.conflict_resolved", str(flag.pk), f"利益冲突：{SAME_UNIT}"),
    ]


def test_the_organiser_keeps_the_judge_then_the_flag_is_resolved_and_access_stays(client, world, boss):
    member = world["member"]
    move_to_judges_organisation(client, member)
    (flag,) = open_flags()
    keep_url = reverse("judging_rounds:keep_judge", args=[flag.pk])
    client.force_login(boss)
    assert SAME_UNIT in client.get(keep_url).text
    # A reason is required; without one nothing changes.
    response = client.post(keep_url, {"reason": ""})
    assert response.status_code == 200
    assert open_flags() == [flag]
    response = client.post(keep_url, {"reason": "该成员仅为兼职，已核实与评委无利益关系"})
    assert response["Location"] == dashboard_url(world["round"])
    flag.refresh_from_db()
    assert (flag.decision, flag.resolved_by, flag.note) == (
        ConflictDecision.KEEP, boss, "该成员仅为兼职，已核实与评委无利益关系",
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="judging.conflict_resolved", actor=boss).values_list("after", flat=True)[
        0
    ] == {"assignment": world["assignment"].pk, "decision": "keep"}
    # The same conflict, seen again, does not come back; the judge keeps the entry.
    save_profile(client, member, phone="13800138000")
    client.force_login(world["judge"].user)
    assert client.get(assignment_url(world["assignment"])).status_code == 200
    assert open_flags() == []
    # Closed already: a second decision is refused (the page is gone).
    client.force_login(boss)
    assert client.get(keep_url).status_code == 404


def test_a_new_reason_after_keeping_opens_a_new_flag(client, world, boss):
    member = world["member"]
    move_to_judges_organisation(client, member)
    (flag,) = open_flags()
    client.force_login(boss)
    client.post(reverse("judging_rounds:keep_judge", args=[flag.pk]), {"reason": "已核实"})
    save_profile(client, member, credit_code=JUDGE_CREDIT_CODE)
    (second,) = open_flags()
    assert (second.pk != flag.pk, second.reason_list) == (True, [SAME_UNIT, SAME_CODE])


def test_the_judge_can_still_recuse_and_that_settles_the_flag(client, world):
    move_to_judges_organisation(client, world["member"])
    (flag,) = open_flags()
    judge_user = world["judge"].user
    client.force_login(judge_user)
    url = reverse("contests:judging:recuse", kwargs={"code": world["assignment"].code})
    assert client.post(url, {"reason": "与该团队成员有合作关系"}).status_code == 302
    world["assignment"].refresh_from_db()
    flag.refresh_from_db()
    assert (world["assignment"].state, flag.decision, flag.resolved_by) == (
        AssignmentState.RECUSED, ConflictDecision.REASSIGN, judge_user,
    )  # fmt: skip


def test_a_member_joining_with_the_judges_organisation_is_flagged(world):
    newcomer = UserFactory(email="sun@example.org", organisation=JUDGE_ORGANISATION, real_name="孙新人")
    invitation = InvitationFactory(team=world["entry"].team, email=newcomer.email, role=TeamRole.MEMBER)
    accept_invitation(invitation=invitation, user=newcomer)
    (flag,) = open_flags()
    assert (flag.assignment, flag.reason_list, flag.source, flag.change) == (
        world["assignment"], [SAME_UNIT], ConflictSource.TEAM, "孙新人（sun@example.org）加入团队",
    )  # fmt: skip


def test_the_organisers_scan_flags_a_judge_edited_in_the_admin(client, world, boss):
    world["judge"].conflict_teams.add(world["entry"].team)
    client.force_login(boss)
    response = client.post(dashboard_url(world["round"]), {"action": "scan"}, follow=True)
    assert "检查完毕，新发现 1 处利益冲突。" in response.text
    (flag,) = open_flags()
    assert (flag.reason_list, flag.source) == (["评委申报回避该团队"], ConflictSource.SCAN)
    client.post(dashboard_url(world["round"]), {"action": "scan"})
    assert ConflictFlag.objects.count() == 1


def test_only_organisers_reach_the_keep_page(client, world):
    move_to_judges_organisation(client, world["member"])
    (flag,) = open_flags()
    keep_url = reverse("judging_rounds:keep_judge", args=[flag.pk])
    for user in (world["judge"].user, world["member"], UserFactory(is_staff=True)):
        client.force_login(user)
        assert client.get(keep_url).status_code in (302, 403)
        assert client.post(keep_url, {"reason": "越权"}).status_code in (302, 403)
    assert open_flags() == [flag]


def test_a_conflict_before_assignment_is_still_excluded_by_assign_judges(client):
    _contest, round_, _tracks, (judge,), (entry,) = judging_setup(judges=1, entries=1, k=1)
    member = add_member(entry.team, UserFactory(organisation="某某大学"))
    save_profile(client, member, organisation=judge.organisation)
    report = assign_judges(round_)
    assert (report.created, [s.entry_id for s in report.shortfalls]) == (0, [entry.pk])
    assert "利益冲突 1 名" in report.shortfalls[0].reason
    assert not ConflictFlag.objects.exists()


def test_a_judge_joining_the_team_loses_the_entry_at_once_and_cannot_be_kept(client, world, boss):
    # Only the judge can bring this about (by accepting the team's invitation), so it still hides the
    # entry at once: a judge never sees their own team's work.
    judge_user = world["judge"].user
    invitation = InvitationFactory(team=world["entry"].team, email=judge_user.email, role=TeamRole.ADVISER)
    accept_invitation(invitation=invitation, user=judge_user)
    client.force_login(judge_user)
    assert client.get(assignment_url(world["assignment"])).status_code == 404
    (flag,) = open_flags()
    assert flag.reason_list == ["评委与团队成员使用同一单位邮箱域名 @judges.example", "评委本人是该团队成员或指导老师"]
    client.force_login(boss)
    response = client.post(reverse("judging_rounds:keep_judge", args=[flag.pk]), {"reason": "误报"})
    assert "评委本人是该团队成员或指导老师，不能保留，请撤销该分配。" in response.text
    assert open_flags() == [flag]
