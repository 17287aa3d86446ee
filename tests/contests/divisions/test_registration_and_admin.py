"""A team chooses its division at registration (the city decides when left empty); organisers set
divisions up in the admin: managers added by e-mail (who get the workspace link), and moving a team
goes through a confirmation page that says what will happen."""

import pytest
from django.core import mail
from django.urls import reverse

from contests.models import AuditEvent, Team, TeamDivisionMove
from contests.services import ContestError
from contests.services.teams import create_team
from tests.contests.divisions.conftest import make_division, signed_in
from tests.contests.factories import ContestFactory, UserFactory
from tests.scenes.factories import city

pytestmark = pytest.mark.django_db


def register(client, contest, city_slug, division=None):
    data = {
        "name": "泉城数据队",
        "organisation": "某大学",
        "organisation_type": "university",
        "city": city(city_slug).pk,
    }
    if division is not None:
        data["division"] = division.pk
    return client.post(reverse("contests:team_create", kwargs={"contest_slug": contest.slug}), data)


def test_registration_places_the_team_by_city_or_by_choice(contest):
    jinan = make_division(contest, "jinan", "济南分赛区")
    qingdao = make_division(contest, "qingdao", "青岛分赛区")
    client = signed_in(UserFactory())
    form = client.get(reverse("contests:team_create", kwargs={"contest_slug": contest.slug})).content.decode()
    assert 'name="division"' in form and "青岛分赛区" in form
    register(client, contest, "qingdao")
    assert Team.objects.get(contest=contest).division == qingdao

    chooser = signed_in(UserFactory())
    chooser.post(
        reverse("contests:team_create", kwargs={"contest_slug": contest.slug}),
        {"name": "选择队", "organisation_type": "university", "city": city("qingdao").pk, "division": jinan.pk},
    )
    assert Team.objects.get(name="选择队").division == jinan


def test_registration_without_a_division_for_the_city_asks_for_one(contest):
    make_division(contest, "jinan", "济南分赛区")
    response = register(signed_in(UserFactory()), contest, "yantai")
    assert response.status_code == 200
    assert "所在城市没有对应的分赛区，请选择一个分赛区。" in response.content.decode()
    assert Team.objects.count() == 0


def test_a_contest_without_divisions_has_no_division_field(contest):
    client = signed_in(UserFactory())
    form = client.get(reverse("contests:team_create", kwargs={"contest_slug": contest.slug})).content.decode()
    assert 'name="division"' not in form
    register(client, contest, "jinan")
    assert Team.objects.get().division is None


def test_create_team_refuses_a_missing_or_foreign_division(contest):
    make_division(contest, "jinan", "济南分赛区")
    foreign = make_division(ContestFactory(), "qingdao", "青岛分赛区")
    with pytest.raises(ContestError) as missing:
        create_team(user=UserFactory(), contest=contest, name="甲队")
    with pytest.raises(ContestError) as other:
        create_team(user=UserFactory(), contest=contest, name="乙队", division=foreign)
    assert (missing.value.code, other.value.code, Team.objects.count()) == ("division_required", "division", 0)


def test_an_organiser_adds_a_manager_by_email_who_gets_the_workspace_link(
    world, boss, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(email="new.manager@example.org")
    url = reverse("division_admin:managers", args=[world.qingdao.pk])
    client = signed_in(boss)
    client.post(url, {"email": "nobody@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "New.Manager@example.org"})
    assert set(world.qingdao.managers.all()) == {world.other_manager, newcomer}
    assert [m.to for m in mail.outbox] == [["new.manager@example.org"]]
    assert f"/division/{world.contest.slug}/qingdao/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="division.manager_added").count() == 1


def test_moving_a_team_in_the_admin_confirms_first(world, boss):
    url = reverse("division_admin:move_team", args=[world.team.pk])
    client = signed_in(boss)
    data = {"to_division": world.qingdao.pk, "reason": "单位实际位于青岛"}
    step = client.post(url, data).content.decode()
    assert (
        "将把团队“泉城数据队”从济南分赛区调整到青岛分赛区，原因：单位实际位于青岛；该团队的作品将由青岛分赛区评审。"
        in step
    )
    world.team.refresh_from_db()
    assert (world.team.division, TeamDivisionMove.objects.count()) == (world.jinan, 0)
    client.post(url, {**data, "confirm_step": "1", "confirm": "on"})
    world.team.refresh_from_db()
    assert world.team.division == world.qingdao
    assert TeamDivisionMove.objects.get().reason == "单位实际位于青岛"


def test_the_admin_list_shows_the_quota_in_force(world, boss):
    """济南 sends 3 as a whole; with quotas per track (2 + 4) 青岛 sends their sum, not its own figure."""
    import re

    from contests.models import DivisionTrackQuota
    from tests.contests.factories import TrackFactory

    DivisionTrackQuota.objects.create(division=world.qingdao, track=world.track, quota=2)
    DivisionTrackQuota.objects.create(division=world.qingdao, track=TrackFactory(contest=world.contest), quota=4)
    page = signed_in(boss).get(reverse("contest_divisions:index")).content.decode()
    cells = {name: re.search(name + r".*?</tr>", page, re.S).group(0) for name in ("济南分赛区", "青岛分赛区")}
    assert re.search(r"<td[^>]*>\s*3\s*</td>", cells["济南分赛区"])
    assert re.search(r"<td[^>]*>\s*6\s*</td>", cells["青岛分赛区"])
    assert not re.search(r"<td[^>]*>\s*2\s*</td>", cells["青岛分赛区"])
