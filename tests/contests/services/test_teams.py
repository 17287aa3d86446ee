import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from contests.choices import InvitationStatus, OrganisationType, TeamRole
from contests.models import AuditEvent, Team, TeamInvitation, TeamMembership
from contests.services import ContestError
from contests.services import teams as services
from contests.services.tokens import invitation_token, read_invitation_token
from tests.contests.factories import (
    ContestFactory,
    InvitationFactory,
    MembershipFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def roles(team):
    return sorted((m.user.email, m.role) for m in team.memberships.select_related("user"))


def test_create_team_makes_the_user_leader():
    contest = ContestFactory()
    user = UserFactory(email="lead@example.org")
    team = services.create_team(
        user=user,
        contest=contest,
        name=" 数智乡村 ",
        organisation="某大学",
        organisation_type=OrganisationType.UNIVERSITY,
    )
    assert team.name == "数智乡村"
    assert roles(team) == [("lead@example.org", TeamRole.LEADER)]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["team.created"]


@pytest.mark.clock
def test_create_team_refused_before_registration_opens():
    contest = ContestFactory()
    with time_machine.travel(contest.registration_opens - timedelta(seconds=1)), pytest.raises(ContestError) as error:
        services.create_team(user=UserFactory(), contest=contest, name="早到的团队")
    assert error.value.code == "registration_closed"
    assert Team.objects.count() == 0


@pytest.mark.clock
def test_create_team_refused_at_registration_close():
    contest = ContestFactory()
    with time_machine.travel(contest.registration_closes), pytest.raises(ContestError) as error:
        services.create_team(user=UserFactory(), contest=contest, name="迟到的团队")
    assert error.value.code == "registration_closed"


def test_create_team_refused_for_a_member_of_another_team():
    team = TeamFactory()
    member = MembershipFactory(team=team).user
    with pytest.raises(ContestError) as error:
        services.create_team(user=member, contest=team.contest, name="第二支队伍")
    assert error.value.code == "already_in_team"
    assert str(error.value) == "每人在同一届大赛中只能加入一个团队。你已加入或指导了其他团队。"


def test_create_team_allowed_in_another_contest():
    team = TeamFactory()
    other = ContestFactory()
    second = services.create_team(user=team.created_by, contest=other, name=team.name)
    assert second.contest == other


def test_create_team_refuses_duplicate_name():
    team = TeamFactory(name="同名")
    with pytest.raises(ContestError) as error:
        services.create_team(user=UserFactory(), contest=team.contest, name="同名")
    assert error.value.code == "duplicate_name"


def test_invite_member_sends_signed_link_by_email(django_capture_on_commit_callbacks):
    team = TeamFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(team=team, inviter=team.created_by, email="New@Example.org ")
    assert invitation.email == "new@example.org"
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    token = re.search(r"http://testserver/portal/invitations/([^/]+)/", mail.outbox[0].body).group(1)
    assert read_invitation_token(token) == (invitation.pk, "new@example.org")
    assert mail.outbox[0].subject == f"【数用】邀请你加入团队“{team.name}”"


def test_invite_member_only_by_leader():
    team = TeamFactory()
    member = MembershipFactory(team=team).user
    with pytest.raises(ContestError) as error:
        services.invite_member(team=team, inviter=member, email="x@example.org")
    assert error.value.code == "not_leader"
    assert TeamInvitation.objects.count() == 0


def test_invite_member_refuses_second_pending_invitation():
    team = TeamFactory()
    services.invite_member(team=team, inviter=team.created_by, email="x@example.org")
    with pytest.raises(ContestError) as error:
        services.invite_member(team=team, inviter=team.created_by, email="X@example.org")
    assert error.value.code == "already_invited"


def test_invite_member_refuses_when_team_full():
    team = TeamFactory(contest=ContestFactory(max_team_size=2))
    MembershipFactory(team=team)
    with pytest.raises(ContestError) as error:
        services.invite_member(team=team, inviter=team.created_by, email="x@example.org")
    assert str(error.value) == "团队人数已达上限 2 名。"


def test_invite_adviser_refused_when_contest_has_none():
    team = TeamFactory(contest=ContestFactory(allow_advisers=False))
    with pytest.raises(ContestError) as error:
        services.invite_member(team=team, inviter=team.created_by, email="t@example.org", role=TeamRole.ADVISER)
    assert error.value.code == "no_advisers"


def test_accept_invitation_adds_member():
    team = TeamFactory()
    user = UserFactory(email="joiner@example.org")
    invitation = InvitationFactory(team=team, email="joiner@example.org")
    membership = services.accept_invitation(invitation=invitation, user=user)
    invitation.refresh_from_db()
    assert (membership.role, invitation.status) == (TeamRole.MEMBER, InvitationStatus.ACCEPTED)
    assert membership.contest_id == team.contest_id


def test_accept_invitation_requires_the_invited_address():
    invitation = InvitationFactory(email="right@example.org")
    with pytest.raises(ContestError) as error:
        services.accept_invitation(invitation=invitation, user=UserFactory(email="wrong@example.org"))
    assert error.value.code == "wrong_user"
    assert TeamMembership.objects.filter(team=invitation.team).count() == 1


def test_accept_invitation_refused_for_member_of_other_team():
    team = TeamFactory()
    other = TeamFactory(contest=team.contest)
    user = MembershipFactory(team=other, user=UserFactory(email="busy@example.org")).user
    invitation = InvitationFactory(team=team, email="busy@example.org")
    with pytest.raises(ContestError) as error:
        services.accept_invitation(invitation=invitation, user=user)
    assert error.value.code == "already_in_team"


def test_accept_invitation_as_adviser_of_two_teams():
    contest = ContestFactory()
    teacher = UserFactory(email="teacher@example.org")
    for team in TeamFactory.create_batch(2, contest=contest):
        invitation = InvitationFactory(team=team, email=teacher.email, role=TeamRole.ADVISER)
        services.accept_invitation(invitation=invitation, user=teacher)
    assert TeamMembership.objects.filter(user=teacher, role=TeamRole.ADVISER).count() == 2


def test_accept_invitation_refused_when_full():
    team = TeamFactory(contest=ContestFactory(max_team_size=2))
    first = InvitationFactory(team=team, email="a@example.org")
    second = InvitationFactory(team=team, email="b@example.org")
    services.accept_invitation(invitation=first, user=UserFactory(email="a@example.org"))
    with pytest.raises(ContestError) as error:
        services.accept_invitation(invitation=second, user=UserFactory(email="b@example.org"))
    assert error.value.code == "full"
    assert team.memberships.count() == 2


@pytest.mark.clock
def test_accept_invitation_refused_after_seven_days():
    invitation = InvitationFactory(email="late@example.org")
    with time_machine.travel(invitation.created_at + timedelta(days=7)), pytest.raises(ContestError) as error:
        services.accept_invitation(invitation=invitation, user=UserFactory(email="late@example.org"))
    assert error.value.code == "expired"


@pytest.mark.clock
def test_invitation_token_expires_after_seven_days():
    invitation = InvitationFactory()
    token = invitation_token(invitation)
    assert read_invitation_token(token) == (invitation.pk, invitation.email)
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        assert read_invitation_token(token) is None


def test_invitation_token_rejects_tampering():
    invitation = InvitationFactory()
    token = invitation_token(invitation)
    assert read_invitation_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert read_invitation_token("1") is None


def test_decline_invitation():
    invitation = InvitationFactory(email="no@example.org")
    services.decline_invitation(invitation=invitation, user=UserFactory(email="no@example.org"))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


def test_transfer_leadership_swaps_roles():
    team = TeamFactory(created_by=UserFactory(email="old@example.org"))
    new = MembershipFactory(team=team, user=UserFactory(email="new@example.org")).user
    services.transfer_leadership(team=team, by=team.created_by, to_user=new)
    assert roles(team) == [("new@example.org", TeamRole.LEADER), ("old@example.org", TeamRole.MEMBER)]


def test_transfer_leadership_not_to_adviser():
    team = TeamFactory()
    adviser = MembershipFactory(team=team, role=TeamRole.ADVISER).user
    with pytest.raises(ContestError) as error:
        services.transfer_leadership(team=team, by=team.created_by, to_user=adviser)
    assert error.value.code == "bad_target"


def test_transfer_leadership_only_by_leader():
    team = TeamFactory()
    member = MembershipFactory(team=team).user
    with pytest.raises(ContestError) as error:
        services.transfer_leadership(team=team, by=member, to_user=member)
    assert error.value.code == "not_leader"


def test_leave_team_as_member():
    team = TeamFactory(created_by=UserFactory(email="lead@example.org"))
    member = MembershipFactory(team=team).user
    assert services.leave_team(team=team, user=member) == team
    assert roles(team) == [("lead@example.org", TeamRole.LEADER)]


def test_leave_team_leader_must_transfer_first():
    team = TeamFactory()
    MembershipFactory(team=team)
    with pytest.raises(ContestError) as error:
        services.leave_team(team=team, user=team.created_by)
    assert error.value.code == "leader_must_transfer"


def test_leave_team_alone_dissolves_it():
    team = TeamFactory()
    assert services.leave_team(team=team, user=team.created_by) is None
    assert Team.objects.count() == 0


@pytest.mark.clock
def test_leave_team_refused_after_submission_deadline():
    team = TeamFactory()
    member = MembershipFactory(team=team).user
    with time_machine.travel(team.contest.submission_deadline), pytest.raises(ContestError) as error:
        services.leave_team(team=team, user=member)
    assert error.value.code == "team_frozen"


def test_remove_member_by_leader():
    team = TeamFactory(created_by=UserFactory(email="lead@example.org"))
    member = MembershipFactory(team=team).user
    services.remove_member(team=team, by=team.created_by, user=member)
    assert roles(team) == [("lead@example.org", TeamRole.LEADER)]
    assert AuditEvent.objects.filter(action="membership.removed").count() == 1


def test_remove_member_refused_for_members():
    team = TeamFactory()
    first = MembershipFactory(team=team).user
    second = MembershipFactory(team=team).user
    with pytest.raises(ContestError) as error:
        services.remove_member(team=team, by=first, user=second)
    assert error.value.code == "not_leader"


def test_team_size_problems_reports_minimum():
    team = TeamFactory(contest=ContestFactory(min_team_size=3))
    assert services.team_size_problems(team) == ["团队至少需要 3 名成员（含队长），目前 1 名。"]
    MembershipFactory.create_batch(2, team=team)
    assert services.team_size_problems(team) == []


# Transactional (the threads need committed rows). serialized_rollback: the tables are emptied
# afterwards; the migrations' rows are restored for the next test without re-running post_migrate.
@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs row locks (PostgreSQL); SQLite has none")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_accepts_cannot_exceed_team_size(postgres):
    """Two invitees accept at once for the last place: exactly one gets it."""
    team = TeamFactory(contest=ContestFactory(max_team_size=2))
    invitations = [InvitationFactory(team=team, email=f"race{i}@example.org") for i in range(2)]
    users = [UserFactory(email=f"race{i}@example.org") for i in range(2)]
    outcomes = []
    barrier = threading.Barrier(2)

    def accept(invitation, user):
        barrier.wait()
        try:
            services.accept_invitation(invitation=invitation, user=user)
            outcomes.append("ok")
        except ContestError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=pair) for pair in zip(invitations, users, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full", "ok"]
    assert team.memberships.count() == 2
