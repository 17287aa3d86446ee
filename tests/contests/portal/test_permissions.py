"""Who gets what on every portal and accounts URL (pretalx-style permission table).

Roles: anonymous, the team's leader, a member, a member of another team of the same contest,
a staff editor (Wagtail "Editors") and an organiser. A team the user may not see answers 404,
never 403; a visible team the user may not manage answers 403.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from contests.models import Team, TeamMembership
from contests.services.tokens import invitation_token
from scenes.models import Node
from tests.contests.factories import (
    ContestFactory,
    InvitationFactory,
    MembershipFactory,
    OrganiserFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "leader", "member", "other_team", "editor", "organiser"]
LOGIN = "login"  # a redirect to the login page


@pytest.fixture
def world():
    contest = ContestFactory(slug="2026")
    team = TeamFactory(contest=contest, name="受测团队", created_by=UserFactory(email="leader@example.org"))
    member = MembershipFactory(team=team, user=UserFactory(email="member@example.org")).user
    other = TeamFactory(contest=contest, name="别的团队", created_by=UserFactory(email="other@example.org"))
    editor = UserFactory(email="editor@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    invitation = InvitationFactory(team=team, email="invitee@example.org")
    users = {
        "anonymous": None,
        "leader": team.created_by,
        "member": member,
        "other_team": other.created_by,
        "editor": editor,
        "organiser": OrganiserFactory(email="organiser@example.org"),
    }
    return {"contest": contest, "team": team, "member": member, "invitation": invitation, "users": users}


def url_for(name, world):
    team = world["team"]
    return {
        "dashboard": reverse("contests:dashboard"),
        "team_create": reverse("contests:team_create", kwargs={"contest_slug": "2026"}),
        "team_detail": reverse("contests:team_detail", kwargs={"pk": team.pk}),
        "team_invite": reverse("contests:team_invite", kwargs={"pk": team.pk}),
        "invitation_revoke": reverse(
            "contests:invitation_revoke", kwargs={"pk": team.pk, "invitation_pk": world["invitation"].pk}
        ),
        "team_transfer": reverse("contests:team_transfer", kwargs={"pk": team.pk}),
        "team_leave": reverse("contests:team_leave", kwargs={"pk": team.pk}),
        "team_remove_member": reverse(
            "contests:team_remove_member", kwargs={"pk": team.pk, "user_pk": world["member"].pk}
        ),
        "invitation": reverse("contests:invitation", kwargs={"token": invitation_token(world["invitation"])}),
        "profile": reverse("contests:profile"),
        "password_change": reverse("contests:password_change"),
        "login": reverse("contests:login"),
        "signup": reverse("contests:signup"),
        "password_reset": reverse("contests:password_reset"),
        "logout": reverse("contests:logout"),
        "signup_done": reverse("contests:signup_done"),
        "verify_email": reverse("contests:verify_email", kwargs={"uidb64": "MQ", "token": "bad-token"}),
        "password_reset_done": reverse("contests:password_reset_done"),
        "password_reset_confirm": reverse("contests:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad"}),
        "password_reset_complete": reverse("contests:password_reset_complete"),
    }[name]


def post_data(name, world):
    return {
        "team_invite": {"email": "new@example.org", "role": "member"},
        "team_transfer": {"new_leader": world["member"].pk, "confirm": "yes"},
        "team_leave": {"confirm": "yes"},
        "team_remove_member": {"confirm": "yes"},
    }.get(name, {})


# url name, method, expected status per role (in ROLES order); LOGIN = 302 to the login page.
TABLE = [
    ("dashboard", "get", [LOGIN, 200, 200, 200, 200, 200]),
    ("team_create", "get", [LOGIN, 200, 200, 200, 200, 200]),
    ("team_detail", "get", [LOGIN, 200, 200, 404, 404, 200]),
    ("team_invite", "post", [LOGIN, 302, 403, 404, 404, 403]),
    ("invitation_revoke", "post", [LOGIN, 302, 403, 404, 404, 403]),
    ("team_transfer", "post", [LOGIN, 302, 403, 404, 404, 403]),
    ("team_leave", "post", [LOGIN, 302, 302, 404, 404, 403]),
    ("team_remove_member", "post", [LOGIN, 302, 403, 404, 404, 403]),
    # The invitation is addressed to invitee@example.org, none of the roles.
    ("invitation", "get", [200, 404, 404, 404, 404, 404]),
    ("profile", "get", [LOGIN, 200, 200, 200, 200, 200]),
    ("password_change", "get", [LOGIN, 200, 200, 200, 200, 200]),
    ("login", "get", [200, 302, 302, 302, 302, 302]),
    ("signup", "get", [200, 302, 302, 302, 302, 302]),
    ("password_reset", "get", [200, 200, 200, 200, 200, 200]),
    ("logout", "post", [302, 302, 302, 302, 302, 302]),
    ("signup_done", "get", [200, 200, 200, 200, 200, 200]),
    # A forged verification link never activates or signs in anyone.
    ("verify_email", "get", [400, 400, 400, 400, 400, 400]),
    ("password_reset_done", "get", [200, 200, 200, 200, 200, 200]),
    # Django answers a bad reset link with the "invalid link" page.
    ("password_reset_confirm", "get", [200, 200, 200, 200, 200, 200]),
    ("password_reset_complete", "get", [200, 200, 200, 200, 200, 200]),
]

CASES = [
    pytest.param(name, method, role, expected, id=f"{name}-{role}")
    for name, method, expectations in TABLE
    for role, expected in zip(ROLES, expectations, strict=True)
]


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_portal_url_permissions(client, world, name, method, role, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = url_for(name, world)
    response = getattr(client, method)(url, post_data(name, world))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('contests:login')}?next={url}"
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["other_team", "editor"])
def test_team_detail_404_reveals_nothing(client, world, role):
    client.force_login(world["users"][role])
    response = client.get(url_for("team_detail", world))
    assert response.status_code == 404
    assert "受测团队" not in response.text


def test_dashboard_lists_only_own_teams(client, world):
    client.force_login(world["member"])
    response = client.get(reverse("contests:dashboard"))
    assert "受测团队" in response.text
    assert "别的团队" not in response.text


def test_dashboard_of_organiser_lists_no_foreign_teams(client, world):
    client.force_login(world["users"]["organiser"])
    response = client.get(reverse("contests:dashboard"))
    assert "受测团队" not in response.text


def test_forbidden_post_changes_nothing(client, world):
    client.force_login(world["member"])
    client.post(url_for("team_remove_member", world), {"confirm": "yes"})
    client.force_login(world["users"]["other_team"])
    client.post(url_for("team_remove_member", world), {"confirm": "yes"})
    assert TeamMembership.objects.filter(team=world["team"], user=world["member"]).exists()


def test_invitation_page_for_invitee_shows_team(client, world):
    client.force_login(UserFactory(email="invitee@example.org"))
    response = client.get(url_for("invitation", world))
    assert response.status_code == 200
    assert "受测团队" in response.text


def test_invitation_page_for_anonymous_hides_team(client, world):
    response = client.get(url_for("invitation", world))
    assert "受测团队" not in response.text
    assert "invitee@example.org" in response.text


def test_invitation_page_rejects_forged_token(client, world):
    client.force_login(UserFactory(email="invitee@example.org"))
    token = invitation_token(world["invitation"])
    response = client.get(reverse("contests:invitation", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 404
    assert "受测团队" not in response.text


def test_team_create_refused_for_member_of_a_team(client, world):
    # The create form is open to every signed-in user; the service decides.
    client.force_login(world["member"])
    city = Node.objects.get(slug="qingdao")
    data = {"name": "新团队", "organisation_type": "enterprise", "city": city.pk}
    response = client.post(url_for("team_create", world), data)
    assert response.status_code == 200
    assert "每人在同一届大赛中只能加入一个团队。你已加入或指导了其他团队。" in response.text
    assert Team.objects.filter(name="新团队").exists() is False
