from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contests.choices import InvitationStatus, TeamRole
from contests.models import Team, TeamInvitation, TeamMembership
from contests.services.tokens import invitation_token
from scenes.models import Node
from tests.contests.factories import ContestFactory, InvitationFactory, MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_team_create_makes_leader_and_redirects(client):
    contest = ContestFactory(slug="2026")
    user = UserFactory()
    client.force_login(user)
    city = Node.objects.get(slug="jinan")
    data = {"name": "泉城数据队", "organisation": "某大学", "organisation_type": "university", "city": city.pk}
    response = client.post(reverse("contests:team_create", kwargs={"contest_slug": "2026"}), data)
    team = Team.objects.get(contest=contest)
    assert response["Location"] == reverse("contests:team_detail", kwargs={"pk": team.pk})
    assert list(team.memberships.values_list("user_id", "role")) == [(user.pk, TeamRole.LEADER)]
    assert team.city == city


@pytest.mark.clock
def test_team_create_after_registration_shows_notice_and_refuses(client):
    # Close registration within the hour, so the session outlives the time travel.
    contest = ContestFactory(slug="2026", registration_closes=timezone.now() + timedelta(hours=1))
    client.force_login(UserFactory())
    city = Node.objects.get(slug="jinan")
    data = {"name": "迟到队", "organisation_type": "enterprise", "city": city.pk}
    url = reverse("contests:team_create", kwargs={"contest_slug": "2026"})
    with time_machine.travel(contest.registration_closes + timedelta(minutes=1)):
        page = client.get(url)
        response = client.post(url, data)
    # The page shows the registration window instead of the form; a crafted POST is refused by the service.
    assert "当前不在报名时间内。报名时间：" in page.text
    assert 'name="name"' not in page.text
    assert response.status_code == 200
    assert Team.objects.count() == 0


def test_team_create_rejects_bad_credit_code(client):
    ContestFactory(slug="2026")
    client.force_login(UserFactory())
    data = {
        "name": "队",
        "organisation_type": "enterprise",
        "city": Node.objects.get(slug="jinan").pk,
        "credit_code": "123",
    }
    response = client.post(reverse("contests:team_create", kwargs={"contest_slug": "2026"}), data)
    assert "统一社会信用代码应为 18 位数字或大写字母。" in response.text
    assert Team.objects.count() == 0


def test_invite_view_sends_email(client, django_capture_on_commit_callbacks):
    team = TeamFactory()
    client.force_login(team.created_by)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contests:team_invite", kwargs={"pk": team.pk}),
            {"email": "friend@example.org", "role": "member"},
            follow=True,
        )
    assert messages_of(response) == ["已向 friend@example.org 发送邀请，链接 7 天内有效。"]
    assert [m.to for m in mail.outbox] == [["friend@example.org"]]


def test_invite_view_reports_service_refusal(client):
    team = TeamFactory(contest=ContestFactory(max_team_size=2))
    MembershipFactory(team=team)
    client.force_login(team.created_by)
    response = client.post(
        reverse("contests:team_invite", kwargs={"pk": team.pk}),
        {"email": "t@example.org", "role": "member"},
        follow=True,
    )
    assert messages_of(response) == ["团队人数已达上限 2 名。"]
    assert TeamInvitation.objects.count() == 0


def test_invite_form_offers_no_adviser_when_contest_has_none(client):
    team = TeamFactory(contest=ContestFactory(allow_advisers=False))
    client.force_login(team.created_by)
    response = client.get(reverse("contests:team_detail", kwargs={"pk": team.pk}))
    assert '<option value="adviser"' not in response.text
    assert '<option value="member"' in response.text


def test_invitation_accept_flow(client):
    invitation = InvitationFactory(email="friend@example.org")
    friend = UserFactory(email="friend@example.org")
    client.force_login(friend)
    url = reverse("contests:invitation", kwargs={"token": invitation_token(invitation)})
    response = client.post(url, {"action": "accept"})
    assert response["Location"] == reverse("contests:team_detail", kwargs={"pk": invitation.team_id})
    assert TeamMembership.objects.filter(team=invitation.team, user=friend, role=TeamRole.MEMBER).exists()


def test_invitation_decline_flow(client):
    invitation = InvitationFactory(email="friend@example.org")
    client.force_login(UserFactory(email="friend@example.org"))
    url = reverse("contests:invitation", kwargs={"token": invitation_token(invitation)})
    response = client.post(url, {"action": "decline"})
    invitation.refresh_from_db()
    assert (response["Location"], invitation.status) == (reverse("contests:dashboard"), InvitationStatus.DECLINED)


def test_invitation_accept_when_already_in_team_shows_message(client):
    invitation = InvitationFactory(email="busy@example.org")
    busy = UserFactory(email="busy@example.org")
    MembershipFactory(team=TeamFactory(contest=invitation.team.contest), user=busy)
    client.force_login(busy)
    url = reverse("contests:invitation", kwargs={"token": invitation_token(invitation)})
    response = client.post(url, {"action": "accept"}, follow=True)
    assert messages_of(response) == ["每人在同一届大赛中只能加入一个团队。你已加入或指导了其他团队。"]


def test_dashboard_shows_pending_invitation(client):
    invitation = InvitationFactory(email="friend@example.org", team__name="邀请我的团队")
    client.force_login(UserFactory(email="friend@example.org"))
    response = client.get(reverse("contests:dashboard"))
    assert "邀请我的团队" in response.text
    assert reverse("contests:invitation", kwargs={"token": invitation_token(invitation)}).split(":")[0] in response.text


def test_transfer_view(client):
    team = TeamFactory()
    member = MembershipFactory(team=team).user
    client.force_login(team.created_by)
    url = reverse("contests:team_transfer", kwargs={"pk": team.pk})
    page = client.post(url, {"new_leader": member.pk})
    # First what will happen, and nothing changed yet.
    assert "你将成为普通队员，不能自行收回队长身份。" in page.content.decode()
    assert team.memberships.get(role=TeamRole.LEADER).user == team.created_by
    client.post(url, {"new_leader": member.pk, "confirm": "yes"})
    assert team.memberships.get(role=TeamRole.LEADER).user == member


def test_leave_view_as_member_redirects_to_dashboard(client):
    team = TeamFactory()
    member = MembershipFactory(team=team).user
    client.force_login(member)
    url = reverse("contests:team_leave", kwargs={"pk": team.pk})
    page = client.post(url)
    assert page.status_code == 200 and "如需重新加入，需要队长再次邀请。" in page.content.decode()
    assert team.memberships.filter(user=member).exists()
    response = client.post(url, {"confirm": "yes"})
    assert response["Location"] == reverse("contests:dashboard")
    assert team.memberships.filter(user=member).exists() is False


def test_removing_a_member_asks_first_and_says_what_happens(client):
    team = TeamFactory()
    member = MembershipFactory(team=team).user
    client.force_login(team.created_by)
    url = reverse("contests:team_remove_member", kwargs={"pk": team.pk, "user_pk": member.pk})
    page = client.post(url).content.decode()
    assert "将不能再查看和编辑本团队的作品与文件" in page and 'name="confirm" value="yes"' in page
    assert team.memberships.filter(user=member).exists()
    client.post(url, {"confirm": "yes"})
    assert not team.memberships.filter(user=member).exists()
