"""What a team sees of its division (分赛区), and what a division manager sees of an entry."""

import pytest
from django.urls import reverse

from contests.services.division_moves import move_team
from tests.contests.divisions.conftest import signed_in

pytestmark = pytest.mark.django_db


def leader(team):
    return team.memberships.select_related("user").first().user


def test_the_team_page_and_dashboard_name_the_teams_division(world):
    client = signed_in(leader(world.team))
    page = client.get(reverse("contests:team_detail", kwargs={"pk": world.team.pk})).content.decode()
    assert "分赛区" in page and "济南分赛区" in page
    dashboard = client.get(reverse("contests:dashboard")).content.decode()
    assert "济南分赛区" in dashboard


def test_after_a_move_the_team_sees_its_new_division_and_why(world, boss):
    move_team(world.team, world.qingdao, actor=boss, reason="团队单位实际位于青岛")
    client = signed_in(leader(world.team))
    page = client.get(reverse("contests:team_detail", kwargs={"pk": world.team.pk})).content.decode()
    assert "青岛分赛区" in page
    assert "从济南分赛区调整到本分赛区" in page and "团队单位实际位于青岛" in page
