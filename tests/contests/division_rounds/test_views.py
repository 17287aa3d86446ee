"""The division's round pages (a 济南 manager sees and acts on 济南 only; 青岛's pages are 404) and
the province dashboard in the admin, with query counts that do not grow with data."""

import pytest
import time_machine
from django.urls import reverse

from contests.models import Division, DivisionAdvancement, Entry, RoundResult
from contests.services.judging.results import compute_round_results
from tests.contests.division_rounds.conftest import division_entry
from tests.contests.factories import UserFactory
from tests.contests.factories.judging import JudgeFactory, assign, organiser, submitted_score
from tests.scenes.factories import city

pytestmark = pytest.mark.django_db
NOW = "2026-06-01 10:00 +08:00"


def url(name, division, round_=None):
    kwargs = {"contest_slug": division.contest.slug, "division_slug": division.slug}
    if round_ is not None:
        kwargs["round_id"] = round_.pk
    return reverse(f"contests:divisions:{name}", kwargs=kwargs)


@pytest.fixture
def manager(provincial):
    user = UserFactory(email="jinan.manager@example.com")
    provincial.jinan.managers.add(user)
    return user


def score_all(provincial, slug, factors):
    for entry, factor in zip(provincial.entries[slug], factors, strict=True):
        for judge in provincial.judges[slug][:2]:
            submitted_score(assign(provincial.first, entry, judge), [v * factor for v in (25, 25, 20, 20, 10)])


def test_a_manager_is_refused_on_another_division_and_anonymous_must_sign_in(client, provincial, manager):
    first = provincial.first
    anonymous = client.get(url("rounds", provincial.jinan))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(manager)
    for name in ("round_assign", "round_compute", "round_results", "round_advance"):
        assert client.get(url(name, provincial.qingdao, first)).status_code == 404
    for name in ("round_assign", "round_compute", "round_advance"):
        assert client.post(url(name, provincial.qingdao, first), {"confirmed": "on"}).status_code == 404
    assert client.get(url("rounds", provincial.qingdao)).status_code == 404
    # A non-divisional round is not a division page either.
    assert client.get(url("round_results", provincial.jinan, provincial.final)).status_code == 404
    assert not RoundResult.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_manager_assigns_computes_and_advances_their_division(client, provincial, manager):
    client.force_login(manager)
    page = client.get(url("round_assign", provincial.jinan, provincial.first))
    assert "将为本分赛区本轮 4 件作品自动分配本分赛区评委（共 3 名），每件作品 2 名" in page.content.decode()
    unconfirmed = client.post(url("round_assign", provincial.jinan, provincial.first), {})
    assert unconfirmed.status_code == 400
    assert not provincial.first.assignments.exists()
    client.post(url("round_assign", provincial.jinan, provincial.first), {"confirmed": "on"})
    assert set(provincial.first.assignments.values_list("entry__team__division__slug", flat=True)) == {"jinan"}

    provincial.first.assignments.all().delete()
    score_all(provincial, "jinan", [0.9, 0.7, 0.8, 0.6])
    score_all(provincial, "qingdao", [0.5, 0.95])
    response = client.post(url("round_compute", provincial.jinan, provincial.first), {"confirmed": "on"})
    assert response["Location"] == url("round_results", provincial.jinan, provincial.first)
    assert set(RoundResult.objects.values_list("division__slug", flat=True)) == {"jinan"}
    board = client.get(response["Location"]).content.decode()
    jinan_titles = [e.title for e in provincial.entries["jinan"]]
    assert all(title in board for title in jinan_titles)
    assert not any(e.title in board for e in provincial.entries["qingdao"])

    preview = client.get(url("round_advance", provincial.jinan, provincial.first)).content.decode()
    assert "本分赛区晋级名额 2 件" in preview and "确定 2 件作品晋级" in preview
    best = [provincial.entries["jinan"][0].pk, provincial.entries["jinan"][2].pk]
    client.post(url("round_advance", provincial.jinan, provincial.first), {"confirmed": "on", "entry": best})
    assert sorted(Entry.objects.filter(current_round=provincial.final).values_list("pk", flat=True)) == sorted(best)
    assert DivisionAdvancement.objects.get().decided_by == manager
    csv = client.get(url("round_results", provincial.jinan, provincial.first) + "?format=csv").content.decode()
    assert csv.startswith("\ufeff赛道,排名,作品编号") and jinan_titles[0] in csv
    assert provincial.entries["qingdao"][0].title not in csv


@time_machine.travel(NOW, tick=False)
def test_a_stale_advance_post_changes_nothing(client, provincial, manager):
    score_all(provincial, "jinan", [0.9, 0.7, 0.8, 0.6])
    compute_round_results(provincial.first)
    client.force_login(manager)
    wrong = [provincial.entries["jinan"][1].pk, provincial.entries["jinan"][3].pk]
    response = client.post(
        url("round_advance", provincial.jinan, provincial.first), {"confirmed": "on", "entry": wrong}
    )
    assert response.status_code == 400
    assert "晋级名单已发生变化，请重新查看后再确定。" in response.content.decode()
    assert not DivisionAdvancement.objects.exists()


def test_the_leaderboard_reads_a_fixed_number_of_queries(client, provincial, manager, django_assert_max_num_queries):
    client.force_login(manager)
    score_all(provincial, "jinan", [0.9, 0.7, 0.8, 0.6])
    compute_round_results(provincial.first)
    with django_assert_max_num_queries(40) as small:
        client.get(url("round_results", provincial.jinan, provincial.first))
    t1 = provincial.tracks[0]
    for _ in range(6):
        entry = division_entry(provincial.contest, t1, provincial.jinan)
        submitted_score(assign(provincial.first, entry, provincial.judges["jinan"][0]), [20, 20, 15, 15, 8])
    compute_round_results(provincial.first)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("round_results", provincial.jinan, provincial.first))
    with django_assert_max_num_queries(40) as rounds_small:
        client.get(url("rounds", provincial.jinan))
    with django_assert_max_num_queries(len(rounds_small.captured_queries)):
        client.get(url("rounds", provincial.jinan))


def add_divisions(provincial, count):
    slugs = ["zibo", "zaozhuang", "dongying", "yantai", "weifang", "jining", "taian", "weihai", "rizhao", "linyi",
             "dezhou", "liaocheng", "binzhou", "heze"]  # fmt: skip
    existing = Division.objects.filter(contest=provincial.contest).count()
    for slug in slugs[existing - 2 : existing - 2 + count]:
        division = Division.objects.create(
            contest=provincial.contest, node=city(slug), name=f"{slug}分赛区", slug=slug, quota=2
        )
        division.managers.add(UserFactory())
        judge = JudgeFactory(contest=provincial.contest, tracks=list(provincial.tracks), division=division)
        entry = division_entry(provincial.contest, provincial.tracks[0], division)
        submitted_score(assign(provincial.first, entry, judge), [20, 20, 15, 15, 8])


@time_machine.travel(NOW, tick=False)
def test_the_province_dashboard_lists_every_division_in_a_fixed_number_of_queries(
    client, provincial, django_assert_max_num_queries
):
    boss = organiser()
    client.force_login(boss)
    score_all(provincial, "jinan", [0.9, 0.7, 0.8, 0.6])
    add_divisions(provincial, 1)  # 3 divisions
    compute_round_results(provincial.first)
    dashboard = reverse("province_dashboard:contest", args=[provincial.contest.pk])
    with django_assert_max_num_queries(60) as small:
        page = client.get(dashboard).content.decode()
    assert "济南分赛区" in page and "青岛分赛区" in page and "zibo分赛区" in page
    add_divisions(provincial, 13)  # 16 divisions
    compute_round_results(provincial.first)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(dashboard).content.decode()
    assert Division.objects.filter(contest=provincial.contest).count() == 16
    assert "heze分赛区" in page
    # Not for division managers: the province view is the organisers'.
    client.force_login(provincial.jinan.managers.first() or UserFactory())
    assert client.get(dashboard).status_code in (302, 403)


@time_machine.travel(NOW, tick=False)
def test_every_division_page_carries_the_workspace_nav_and_the_assign_page_reads_whole_in_english(
    client, provincial, manager
):
    """QA (#18): the rounds and 实名审核 pages were reachable only by typing their address; the
    workspace nav now links them and they keep the nav. The assign page was three fragments glued
    together, which read "…conflict of interestwill not be assigned" in English."""
    client.force_login(manager)
    rounds, identity = url("rounds", provincial.jinan), url("identity", provincial.jinan)
    for page in (
        url("dashboard", provincial.jinan),
        rounds,
        identity,
        url("round_assign", provincial.jinan, provincial.first),
    ):
        html = client.get(page).content.decode()
        assert f'href="{rounds}"' in html and f'href="{identity}"' in html, page
        assert f'href="{url("teams", provincial.jinan)}"' in html, page
    english = client.get("/en" + url("round_assign", provincial.jinan, provincial.first)).content.decode()
    assert "judges with a conflict of interest will not be assigned." in english
    assert " leaderboard</a>" in english
