"""The contest admin: who sees the 大赛 menu, contest validation, lists with filters and export."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from contests.choices import OrganisationType, TeamRole
from contests.models import AuditEvent, Contest
from scenes.models import Node
from tests.contests.factories import (
    ContestFactory,
    MembershipFactory,
    OrganiserFactory,
    TeamFactory,
    TrackFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client):
    client.force_login(OrganiserFactory())
    return client


def editor():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_contest_menu_shown_to_organiser(organiser_client):
    response = organiser_client.get(reverse("wagtailadmin_home"))
    assert reverse("contest_teams:index") in response.text


def test_contest_menu_hidden_from_editor(client):
    client.force_login(editor())
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("contest_teams:index") not in response.text


@pytest.mark.parametrize(
    "viewset", ["contest_contests", "contest_tracks", "contest_rounds", "contest_teams", "contest_members",
                "contest_entries", "contest_audit"],
)  # fmt: skip
def test_contest_admin_lists_refused_to_editor(client, viewset):
    client.force_login(editor())
    response = client.get(reverse(f"{viewset}:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize(
    "viewset", ["contest_contests", "contest_tracks", "contest_rounds", "contest_teams", "contest_members",
                "contest_entries", "contest_audit"],
)  # fmt: skip
def test_contest_admin_lists_open_to_organiser(organiser_client, viewset):
    TeamFactory()
    assert organiser_client.get(reverse(f"{viewset}:index")).status_code == 200


def contest_form(**overrides):
    data = {
        "name": "2027 数据应用创新创业大赛",
        "slug": "2027",
        "year": "2027",
        "summary": "",
        "registration_opens": "2027-03-01 09:00",
        "registration_closes": "2027-04-30 18:00",
        "submission_deadline": "2027-05-31 18:00",
        "judging_starts": "2027-06-01 09:00",
        "judging_ends": "2027-06-30 18:00",
        "results_date": "2027-07-15 10:00",
        "min_team_size": "2",
        "max_team_size": "5",
        "allow_advisers": "on",
        "max_advisers": "2",
        "max_entries_per_team": "1",
        "feedback_to_teams": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.clock
def test_contest_add_saves_valid_timeline_in_shanghai_time(organiser_client):
    response = organiser_client.post(reverse("contest_contests:add"), contest_form())
    assert response.status_code == 302
    contest = Contest.objects.get(slug="2027")
    assert contest.registration_closes.isoformat() == "2027-04-30T10:00:00+00:00"


def test_contest_add_shows_timeline_errors_in_chinese(organiser_client):
    response = organiser_client.post(
        reverse("contest_contests:add"),
        contest_form(registration_closes="2027-02-01 09:00", judging_ends="2027-05-01 09:00"),
    )
    assert response.status_code == 200
    assert "“报名截止”不能早于“报名开始”。" in response.text
    assert "“评审结束”不能早于“评审开始”。" in response.text
    assert Contest.objects.filter(slug="2027").exists() is False


def test_contest_add_shows_team_size_error(organiser_client):
    response = organiser_client.post(reverse("contest_contests:add"), contest_form(min_team_size="6"))
    assert "团队最多人数不能小于最少人数。" in response.text


def test_team_list_filters_by_city_and_type(organiser_client):
    jinan, qingdao = Node.objects.get(slug="jinan"), Node.objects.get(slug="qingdao")
    TeamFactory(name="济南高校队", city=jinan, organisation_type=OrganisationType.UNIVERSITY)
    TeamFactory(name="济南企业队", city=jinan, organisation_type=OrganisationType.ENTERPRISE)
    TeamFactory(name="青岛高校队", city=qingdao, organisation_type=OrganisationType.UNIVERSITY)
    response = organiser_client.get(
        reverse("contest_teams:index"), {"city": jinan.pk, "organisation_type": "university"}
    )
    names = [team.name for team in response.context["object_list"]]
    assert names == ["济南高校队"]


def test_team_list_filters_by_entry_track(organiser_client):
    from tests.contests.factories.entries import EntryFactory

    track = TrackFactory()
    EntryFactory(team=TeamFactory(name="有作品", contest=track.contest), track=track)
    TeamFactory(name="无作品", contest=track.contest)
    response = organiser_client.get(reverse("contest_teams:index"), {"track": track.pk})
    assert [team.name for team in response.context["object_list"]] == ["有作品"]


def test_team_list_search(organiser_client):
    TeamFactory(name="智慧养老突击队")
    TeamFactory(name="乡村振兴小组")
    response = organiser_client.get(reverse("contest_teams:index"), {"q": "养老"})
    assert [team.name for team in response.context["object_list"]] == ["智慧养老突击队"]


def test_team_list_links_to_members(organiser_client):
    team = TeamFactory()
    response = organiser_client.get(reverse("contest_teams:index"))
    assert f"{reverse('contest_members:index')}?team={team.pk}" in response.text


def test_team_export_csv(organiser_client):
    team = TeamFactory(name="导出队", created_by=UserFactory(real_name="李队长", email="lead@example.org"))
    MembershipFactory(team=team)
    response = organiser_client.get(reverse("contest_teams:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:3] == ["大赛", "团队名称", "所属单位"]
    assert rows[1][1] == "导出队"
    row = dict(zip(rows[0], rows[1], strict=True))
    assert [row["队长"], row["队长邮箱"], row["人数"]] == ["李队长", "lead@example.org", "2"]
    assert row["分赛区"] == ""  # a team of a contest without divisions


def test_members_export_xlsx(organiser_client):
    from openpyxl import load_workbook

    team = TeamFactory(created_by=UserFactory(real_name="王队长", phone="13800138000"))
    response = organiser_client.get(reverse("contest_members:index"), {"export": "xlsx", "contest": team.contest_id})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2:5] == ("姓名", "电子邮箱", "手机号")
    assert rows[1][2] == "王队长"
    assert rows[1][4] == "13800138000"


def test_members_list_filters_by_role(organiser_client):
    team = TeamFactory(created_by=UserFactory(real_name="队长甲"))
    MembershipFactory(team=team, user=UserFactory(real_name="老师乙"), role=TeamRole.ADVISER)
    response = organiser_client.get(reverse("contest_members:index"), {"role": "adviser"})
    assert [m.user.real_name for m in response.context["object_list"]] == ["老师乙"]


def test_members_and_entries_are_read_only_even_for_superuser(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    membership = TeamFactory().memberships.get()
    assert client.get(reverse("contest_members:edit", args=[membership.pk])).status_code == 302
    assert client.get(reverse("contest_members:inspect", args=[membership.pk])).status_code == 200
    assert client.get(reverse("contest_members:add")).status_code == 302


def test_audit_events_are_listed_read_only(organiser_client):
    from contests.services import teams as services

    contest = ContestFactory()
    services.create_team(user=UserFactory(), contest=contest, name="审计队")
    event = AuditEvent.objects.get()
    response = organiser_client.get(reverse("contest_audit:index"))
    assert "team.created" in response.text
    assert organiser_client.get(reverse("contest_audit:edit", args=[event.pk])).status_code == 302


def test_team_rename_to_existing_name_refused(organiser_client):
    first = TeamFactory(name="甲队")
    second = TeamFactory(name="乙队", contest=first.contest)
    response = organiser_client.post(
        reverse("contest_teams:edit", args=[second.pk]),
        {"name": "甲队", "organisation": "", "organisation_type": "enterprise", "credit_code": "", "city": ""},
    )
    assert response.status_code == 200
    assert "本届大赛已有同名团队。" in response.text


def test_contest_list_links_to_tracks(organiser_client):
    track = TrackFactory()
    response = organiser_client.get(reverse("contest_contests:index"))
    assert f"{reverse('contest_tracks:index')}?contest={track.contest_id}" in response.text


@pytest.mark.clock
def test_contest_list_shows_local_deadlines_and_zero_counts(organiser_client):
    organiser_client.post(reverse("contest_contests:add"), contest_form())
    response = organiser_client.get(reverse("contest_contests:index"))
    assert "2027-04-30 18:00" in response.text
    assert "2027-05-31 18:00" in response.text
    contest = response.context["object_list"][0]
    assert (contest.track_count, contest.team_count, contest.entry_count) == (0, 0, 0)
