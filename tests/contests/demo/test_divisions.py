"""The divisions demo loader: 济南, 青岛 and 烟台 divisions of the 2026 contest with a manager each
and a quota of 3, every 2026 team placed by city (the rest dealt in turn, so every division has teams) —
and nothing more on a second run."""

import pytest
from django.contrib.auth import get_user_model

from contests.demo.contest import CONTEST_SLUG, TEAM_PASSWORD, load_contest
from contests.demo.divisions import load_divisions
from contests.models import Contest, Division, Team

pytestmark = pytest.mark.django_db


def test_demo_divisions_with_managers_and_every_team_placed_idempotently(demo_site, client):
    load_contest(None, {"teams": 6, "seed": 7})
    contest = Contest.objects.get(slug=CONTEST_SLUG)
    lines = load_divisions(None, {})
    divisions = list(Division.objects.filter(contest=contest).order_by("sort_order"))
    assert [(d.slug, d.name, d.node.slug, d.quota) for d in divisions] == [
        ("jinan", "济南分赛区", "jinan", 3),
        ("qingdao", "青岛分赛区", "qingdao", 3),
        ("yantai", "烟台分赛区", "yantai", 3),
    ]
    assert [list(d.managers.values_list("email", flat=True)) for d in divisions] == [
        ["jinan.division@shuyong.example"],
        ["qingdao.division@shuyong.example"],
        ["yantai.division@shuyong.example"],
    ]
    assert [email for _label, email, _password in lines] == [
        "jinan.division@shuyong.example",
        "qingdao.division@shuyong.example",
        "yantai.division@shuyong.example",
    ]
    teams = Team.objects.filter(contest=contest).select_related("division", "city")
    assert not teams.filter(division__isnull=True).exists()
    own_city = {d.node_id: d for d in divisions}
    for team in teams:
        assert team.division == own_city.get(team.city_id, team.division)
    assert all(team.division_id for team in teams)
    assert {team.division_id for team in teams} == {d.pk for d in divisions}  # no manager left without teams

    placement = list(teams.order_by("pk").values_list("pk", "division"))
    assert load_divisions(None, {}) == lines
    assert Division.objects.filter(contest=contest).count() == 3
    assert list(Team.objects.filter(contest=contest).order_by("pk").values_list("pk", "division")) == placement

    manager = get_user_model().objects.get(email="qingdao.division@shuyong.example")
    assert manager.check_password(TEAM_PASSWORD)
    client.force_login(manager)
    page = client.get("/division/").content.decode()
    assert "青岛分赛区" in page and "济南分赛区" not in page
