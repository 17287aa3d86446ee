import pytest
from django.urls import reverse

from contests.demo.contest import load_contest
from contests.models import Contest, ContestPage, Team, TeamMembership, Track

pytestmark = pytest.mark.django_db


def test_demo_creates_open_contest_with_tracks_and_teams(demo_site):
    logins = load_contest(None, {"teams": 6, "seed": 7})
    contest = Contest.objects.get(slug="2026")
    assert contest.registration_is_open() is True
    assert Track.objects.filter(contest=contest).count() == 10
    assert all(track.data_resources.count() >= 2 for track in Track.objects.filter(contest=contest))
    assert Team.objects.filter(contest=contest).count() == 6
    sizes = [team.memberships.exclude(role="adviser").count() for team in Team.objects.filter(contest=contest)]
    assert all(2 <= size <= 5 for size in sizes)
    assert ContestPage.objects.live().get().url_path.endswith("/contests/2026/")
    assert [email for _role, email, _password in logins] == [
        "organiser@shuyong.example",
        "team1@shuyong.example",
        "team1-m2@shuyong.example",
        "solo@shuyong.example",
    ]


def test_demo_is_idempotent_and_grows(demo_site):
    load_contest(None, {"teams": 6, "seed": 7})
    members = TeamMembership.objects.count()
    load_contest(None, {"teams": 6, "seed": 7})
    assert (Team.objects.count(), TeamMembership.objects.count()) == (6, members)
    load_contest(None, {"teams": 9, "seed": 7})
    assert Team.objects.count() == 9


@pytest.mark.parametrize(
    ("email", "password", "landing"),
    [
        ("team1@shuyong.example", "shuyong-team", "/portal/"),
        ("organiser@shuyong.example", "shuyong-organiser", "/admin/"),
    ],
)
def test_demo_logins_work(client, demo_site, email, password, landing):
    load_contest(None, {"teams": 2, "seed": 7})
    response = client.post(reverse("contests:login"), {"username": email, "password": password})
    assert response["Location"] == landing
