from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from contests.choices import Phase
from contests.models import ContestIndexPage, ContestPage
from contests.services.public import timeline
from tests.contests.factories import ContestFactory, MembershipFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import DataResourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def contest():
    return ContestFactory(
        slug="2026",
        name="2026 数据应用创新创业大赛",
        registration_opens=at(2026, 10, 15, 9),
        registration_closes=at(2026, 12, 20, 18),
        submission_deadline=at(2027, 1, 10, 18),
        judging_starts=at(2027, 1, 12, 9),
        judging_ends=at(2027, 2, 28, 18),
        results_date=at(2027, 3, 15, 10),
    )


@pytest.fixture
def contest_page(demo_site, contest):
    index = ContestIndexPage(title="大赛", slug="contests")
    demo_site.add_child(instance=index)
    page = ContestPage(
        title=contest.name,
        slug="2026",
        contest=contest,
        rules="<p>每队 2–5 人。</p>",
        faq=[{"type": "item", "value": {"question": "可以跨队吗？", "answer": "<p>不可以。</p>"}}],
    )
    index.add_child(instance=page)
    return page


@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        (at(2026, 10, 15, 8, 59), Phase.UPCOMING),
        (at(2026, 10, 15, 9), Phase.REGISTRATION),
        (at(2026, 12, 20, 18), Phase.SUBMISSION),
        (at(2027, 1, 10, 18), Phase.JUDGING),
        (at(2027, 3, 15, 10), Phase.RESULTS),
    ],
)
def test_timeline_marks_current_phase(contest, moment, phase):
    steps = timeline(contest, now=moment)
    current = [step.phase for step in steps if step.state == "current"]
    assert current == ([phase] if phase != Phase.UPCOMING else [])
    done = [step.phase for step in steps if step.state == "done"]
    order = [Phase.REGISTRATION, Phase.SUBMISSION, Phase.JUDGING, Phase.RESULTS]
    assert done == order[: order.index(phase)] if phase in order else done == []


@time_machine.travel(at(2026, 11, 26, 10), tick=False)
def test_contest_page_url_and_phase(client, contest_page):
    response = client.get("/contests/2026/")
    assert response.status_code == 200
    assert 'class="timeline-step is-current" aria-current="step"' in response.text
    assert '<strong class="timeline-label">报名中</strong>' in response.text
    assert "报名截止：2026年12月20日 18:00（北京时间）" in response.text


@time_machine.travel(at(2026, 11, 26, 10), tick=False)
def test_contest_page_lists_tracks_with_unit_and_resources(client, contest, contest_page):
    track = TrackFactory(contest=contest, name="智慧养老", proposing_unit="省民政厅")
    track.data_resources.set([DataResourceFactory(name="养老服务机构信息", department="省民政厅")])
    response = client.get("/contests/2026/")
    assert "<h3>智慧养老</h3>" in response.text
    assert "出题单位：省民政厅" in response.text
    assert "养老服务机构信息" in response.text


@time_machine.travel(at(2026, 11, 26, 10), tick=False)
def test_contest_page_cta_for_anonymous_leads_to_signup(client, contest_page):
    response = client.get("/contests/2026/")
    register = reverse("contests:team_create", kwargs={"contest_slug": "2026"})
    assert f'href="/accounts/signup/?next={register}"' in response.text


@time_machine.travel(at(2026, 11, 26, 10), tick=False)
def test_contest_page_cta_for_member_links_to_team(client, contest, contest_page):
    team = TeamFactory(contest=contest, name="我的队")
    client.force_login(team.created_by)
    response = client.get("/contests/2026/")
    assert f'href="/portal/teams/{team.pk}/"' in response.text
    assert "进入我的团队：我的队" in response.text


@time_machine.travel(at(2027, 1, 20, 10), tick=False)
def test_contest_page_after_registration_has_no_signup(client, contest_page):
    response = client.get("/contests/2026/")
    assert "报名已截止。" in response.text
    assert "/accounts/signup/" not in response.text
    assert '<strong class="timeline-label">评审中</strong>' in response.text


@time_machine.travel(at(2026, 11, 26, 10), tick=False)
def test_contest_page_shows_participant_count_and_results_placeholder(client, contest, contest_page):
    team = TeamFactory(contest=contest)
    MembershipFactory(team=team)
    response = client.get("/contests/2026/")
    assert "<dt>参赛人数</dt><dd>2</dd>" in response.text
    assert 'id="results"' in response.text
    assert "结果将于 2027年3月15日 公布" in response.text


@time_machine.travel(at(2026, 11, 26, 10), tick=False)
def test_home_page_shows_current_contest_and_participants(client, contest, contest_page):
    team = TeamFactory(contest=contest)
    MembershipFactory.create_batch(2, team=team)
    response = client.get("/")
    assert "2026 数据应用创新创业大赛" in response.text
    assert "<dt>参赛人数</dt><dd>3</dd>" in response.text
    assert 'href="/contests/2026/"' in response.text


def test_home_page_without_contest_page_has_no_contest_section(client, demo_site, contest):
    response = client.get("/")
    assert response.status_code == 200
    assert "home-contest" not in response.text


@time_machine.travel(at(2026, 11, 26, 10), tick=False)
def test_contest_index_lists_contest_pages(client, contest_page):
    response = client.get("/contests/")
    assert '<a href="/contests/2026/">2026 数据应用创新创业大赛</a>' in response.text


def test_contest_page_rendering_has_no_user_leak(client, contest, contest_page):
    TeamFactory(contest=contest, name="保密队", created_by=UserFactory(real_name="不公开"))
    response = client.get("/contests/2026/")
    assert "保密队" not in response.text
    assert "不公开" not in response.text


def test_timeline_dates_rendered_in_shanghai(client, contest, contest_page):
    contest.submission_deadline = at(2027, 1, 10, 23, 30)
    contest.save()
    response = client.get("/contests/2026/")
    # 23:30 in Shanghai is 15:30 UTC: the page must show the Shanghai time.
    assert "2027年1月10日 23:30" in response.text
    assert timedelta(0) == at(2027, 1, 10, 23, 30) - contest.submission_deadline
