"""Organisers fix a team's membership from the admin: remove a member, name a new leader, each with
a reason in the audit trail; refusals change nothing; nobody else reaches the pages."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from contests.choices import EntryStatus, TeamRole
from contests.models import AuditEvent, Entry, TeamMembership
from contests.services import ContestError
from contests.services.teams import organiser_make_leader, organiser_remove_member
from tests.contests.factories import TeamFactory, UserFactory
from tests.contests.factories.entries import EntryFactory, add_member, leader_of
from tests.contests.factories.judging import organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    """A team of three players and an adviser, with a submitted entry."""
    team = TeamFactory(created_by=UserFactory(real_name="张队长"))
    add_member(team, UserFactory(real_name="李队员"))
    add_member(team, UserFactory(real_name="赵队员"))
    add_member(team, UserFactory(real_name="王老师"), role=TeamRole.ADVISER)
    EntryFactory(team=team, status=EntryStatus.SUBMITTED)
    return team


def member(team, name):
    return team.memberships.select_related("user").get(user__real_name=name)


def roles(team):
    return dict(team.memberships.values_list("user__real_name", "role"))


def remove_url(membership):
    return reverse("team_admin:remove_member", args=[membership.pk])


def leader_url(membership):
    return reverse("team_admin:make_leader", args=[membership.pk])


def test_members_list_links_to_the_actions_except_on_the_leaders_row(client, team, boss):
    client.force_login(boss)
    html = client.get(reverse("contest_members:index"), {"team": team.pk}).content.decode()
    assert remove_url(member(team, "李队员")) in html and leader_url(member(team, "李队员")) in html
    assert remove_url(member(team, "王老师")) in html and leader_url(member(team, "王老师")) not in html
    assert remove_url(member(team, "张队长")) not in html


def test_organiser_removes_a_member_with_a_reason(client, team, boss):
    client.force_login(boss)
    li = member(team, "李队员")
    page = client.get(remove_url(li)).content.decode()
    assert "移出团队：李队员" in page and "张队长" in page and "调整理由" in page
    assert TeamMembership.objects.filter(pk=li.pk).exists()  # GET changes nothing

    response = client.post(remove_url(li), {"reason": "该队员已离职，团队书面申请"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("contest_members:index") + f"?team={team.pk}"
    assert "已将 李队员 移出团队" in response.content.decode()
    assert roles(team) == {"张队长": TeamRole.LEADER, "赵队员": TeamRole.MEMBER, "王老师": TeamRole.ADVISER}
    event = AuditEvent.objects.get(action="membership.removed")
    assert (event.actor, event.note, event.object_id) == (boss, "该队员已离职，团队书面申请", str(team.pk))
    assert event.after["removed"] == {"user": li.user_id, "role": TeamRole.MEMBER}
    assert len(event.before["members"]) == 4 and len(event.after["members"]) == 3
    # The entry stays the team's, untouched.
    assert Entry.objects.get(team=team).status == EntryStatus.SUBMITTED


def test_removal_below_the_minimum_is_done_and_the_organiser_is_warned(client, boss):
    team = TeamFactory()  # minimum is two players
    lone = add_member(team, UserFactory(real_name="孙队员"))
    client.force_login(boss)
    response = client.post(remove_url(team.memberships.get(user=lone)), {"reason": "退出比赛"}, follow=True)
    assert not team.memberships.filter(user=lone).exists()
    assert "团队至少需要 2 名成员（含队长），目前 1 名。" in response.content.decode()


def test_organiser_makes_another_member_leader(client, team, boss):
    client.force_login(boss)
    zhao = member(team, "赵队员")
    response = client.post(leader_url(zhao), {"reason": "原队长长期联系不上"}, follow=True)
    assert "赵队员 已成为团队" in response.content.decode()
    assert roles(team) == {
        "张队长": TeamRole.MEMBER,
        "李队员": TeamRole.MEMBER,
        "赵队员": TeamRole.LEADER,
        "王老师": TeamRole.ADVISER,
    }
    event = AuditEvent.objects.get(action="team.leader_changed")
    old = team.memberships.get(user__real_name="张队长").user_id
    assert (event.before["leader"], event.after["leader"], event.note) == (old, zhao.user_id, "原队长长期联系不上")
    assert event.actor == boss
    # The old leader can now be removed like any member.
    client.post(remove_url(member(team, "张队长")), {"reason": "已调离"})
    assert "张队长" not in roles(team)


@pytest.mark.parametrize(
    ("action", "name", "reason", "message"),
    [
        ("remove", "张队长", "队长违规", "不能直接移出队长：请先把另一名队员设为队长，再移出此人。"),
        ("leader", "王老师", "指定老师", "指导老师不能担任队长，只能从队员中指定队长。"),
        ("leader", "张队长", "再次指定", "此人已是队长。"),
        ("remove", "李队员", "   ", "请填写调整理由，理由将记入审计记录。"),
        ("leader", "李队员", "", "请填写调整理由，理由将记入审计记录。"),
    ],
)
def test_refusals_change_nothing_and_say_why(client, team, boss, action, name, reason, message):
    client.force_login(boss)
    before = roles(team)
    url = (remove_url if action == "remove" else leader_url)(member(team, name))
    response = client.post(url, {"reason": reason})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert roles(team) == before
    assert not AuditEvent.objects.exists()


def test_services_refuse_a_non_organiser_and_a_stranger(team):
    leader = leader_of(team)
    li = member(team, "李队员").user
    with pytest.raises(ContestError, match="只有大赛组织者可以调整团队成员"):
        organiser_remove_member(team=team, member_user=li, actor=leader, reason="队长想移出")
    with pytest.raises(ContestError, match="只有大赛组织者可以调整团队成员"):
        organiser_make_leader(team=team, user=li, actor=leader, reason="队长想移交")
    with pytest.raises(ContestError, match="该用户不是本团队成员"):
        organiser_remove_member(team=team, member_user=UserFactory(), actor=organiser(), reason="不在队中")
    assert len(roles(team)) == 4 and leader_of(team) == leader
    assert not AuditEvent.objects.exists()


def editor():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_non_organisers_cannot_reach_the_pages_or_post(client, team):
    li = member(team, "李队员")
    urls = [remove_url(li), leader_url(li)]
    for user in (editor(), leader_of(team), UserFactory(is_staff=True)):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (302, 403), url
            assert client.post(url, {"reason": "越权"}).status_code in (302, 403), url
        # An unknown id answers the same as a known one: nothing to probe.
        assert client.get(reverse("team_admin:remove_member", args=[999999])).status_code in (302, 403)
    client.logout()
    assert client.post(urls[0], {"reason": "匿名"}).status_code == 302
    assert len(roles(team)) == 4
    assert not AuditEvent.objects.exists()


def test_post_needs_the_csrf_token(team, boss):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(boss)
    li = member(team, "李队员")
    assert csrf_client.post(remove_url(li), {"reason": "没有令牌"}).status_code == 403
    assert TeamMembership.objects.filter(pk=li.pk).exists()
