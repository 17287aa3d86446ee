"""#14's promise in a real browser: a new judge, a team leader and a city editor each reach their work
from the login page in one click (type the address and password, press 登录 once)."""

import pytest

from cms.demo import ensure_user
from scenes.services.editorial import ensure_editorial_setup
from tests.contests.factories.entries import EntryFactory, leader_of
from tests.contests.factories.judging import JudgeFactory, assign, make_rubric, open_round
from tests.contests.factories.teams import PASSWORD, TeamFactory, TrackFactory, UserFactory

pytestmark = pytest.mark.e2e


def log_in_once(page, live_site, email, password):
    page.goto(f"{live_site}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def test_a_new_judge_lands_on_the_entries_to_score(page, page_errors, live_site):
    judge = JudgeFactory(user=UserFactory(email="new.judge@example.org"))
    round_ = open_round(judge.contest)
    make_rubric(round_)
    entry = EntryFactory(track=TrackFactory(contest=judge.contest), status="submitted")
    assign(round_, entry, judge, declared=False)

    log_in_once(page, live_site, "new.judge@example.org", PASSWORD)

    assert page.url.startswith(f"{live_site}/judging/")
    assert page.get_by_role("link", name="评审工作台").first.is_visible()
    assert entry.team.name not in page.content()  # blind from the first page on
    assert page_errors == []


def test_a_team_leader_lands_on_the_portal_with_their_team(page, page_errors, live_site):
    team = TeamFactory(name="数智先锋队")

    log_in_once(page, live_site, leader_of(team).email, PASSWORD)

    assert page.url == f"{live_site}/portal/"
    assert page.get_by_role("link", name="数智先锋队").first.is_visible()
    assert page_errors == []


def test_a_city_editor_lands_in_the_admin(page, page_errors, live_site):
    from cms.models import HomePage
    from scenes.models import SceneIndexPage, SolutionIndexPage

    home = HomePage.objects.get()
    scene_index = home.add_child(instance=SceneIndexPage(title="应用场景", slug="scenes"))
    solution_index = home.add_child(instance=SolutionIndexPage(title="解决方案", slug="solutions"))
    _moderators, cities, _workflow = ensure_editorial_setup(scene_index, solution_index)
    editor = ensure_user("jinan.editor@example.org", PASSWORD, is_staff=True)
    editor.groups.add(cities["jinan"])

    log_in_once(page, live_site, "jinan.editor@example.org", PASSWORD)

    assert page.url == f"{live_site}/admin/"
    assert page.title() == "控制面板 - Wagtail"
    assert page_errors == []
