"""The phase and the public timeline follow what really happened: a contest whose last round's
results are final is over (已结束, results 已公布), and a round opened early makes judging current."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from contests.choices import Phase, RoundKind
from contests.models import ContestIndexPage, ContestPage, ResultPublication
from contests.services.public import timeline
from tests.contests.factories import ContestFactory, OrganiserFactory, RoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def finished():
    """Last year's contest: the final published on 25 July 2025 and final on 2 August 2025 09:30."""
    contest = ContestFactory(
        slug="shuyong-2025", name="2025 数据应用创新大赛", year=2025,
        registration_opens=at(2025, 3, 1, 9), registration_closes=at(2025, 4, 30, 18),
        submission_deadline=at(2025, 5, 31, 18), judging_starts=at(2025, 6, 5, 9),
        judging_ends=at(2025, 7, 20, 18), results_date=at(2025, 7, 25, 10),
    )  # fmt: skip
    RoundFactory(contest=contest, number=1, opens_at=at(2025, 6, 5, 9), closes_at=at(2025, 6, 25, 18))
    final = RoundFactory(
        contest=contest, number=2, kind=RoundKind.FINAL, opens_at=at(2025, 7, 8, 9), closes_at=at(2025, 7, 20, 18)
    )
    ResultPublication.objects.create(
        round=final, published_by=OrganiserFactory(), published_at=at(2025, 7, 25, 10),
        notice_ends_at=at(2025, 8, 1, 10), finalised_at=at(2025, 8, 2, 9, 30),
    )  # fmt: skip
    return contest


def states(steps):
    return [(step.phase, step.state, str(step.status_label)) for step in steps]


@pytest.mark.parametrize(
    ("moment", "phase", "results_step"),
    [
        (at(2025, 7, 26, 10), Phase.RESULTS, ("current", "进行中")),  # notice window: not final yet
        (at(2025, 8, 2, 9, 29), Phase.RESULTS, ("current", "进行中")),
        (at(2025, 8, 2, 9, 30), Phase.CLOSED, ("done", "已公布")),  # 01:30 UTC, 09:30 in Shanghai
        (at(2026, 12, 7, 9), Phase.CLOSED, ("done", "已公布")),
    ],
)
def test_a_contest_is_over_once_its_last_rounds_results_are_final(finished, moment, phase, results_step):
    steps = timeline(finished, now=moment)

    assert finished.phase(moment) == phase
    assert (steps[-1].phase, steps[-1].state, str(steps[-1].status_label)) == (Phase.RESULTS, *results_step)
    assert [step.state for step in steps[:-1]] == ["done", "done", "done"]


def test_the_contest_list_says_finished_with_one_query_for_every_row(finished):
    from contests.models import Contest

    annotated = Contest.with_results_final_at(Contest.objects.filter(pk=finished.pk)).get()

    assert annotated.results_final_at() == at(2025, 8, 2, 9, 30)


@time_machine.travel(at(2026, 12, 7, 9), tick=False)
def test_finished_contest_page_and_admin_list_show_it_over(client, demo_site, finished):
    index = ContestIndexPage(title="大赛", slug="contests")
    demo_site.add_child(instance=index)
    index.add_child(instance=ContestPage(title=finished.name, slug="shuyong-2025", contest=finished))

    html = client.get("/contests/shuyong-2025/").content.decode()
    client.force_login(OrganiserFactory())
    admin = client.get(reverse("contest_contests:index")).content.decode()

    assert "已结束</p>" in html
    assert '<span class="badge badge-done">已公布</span>' in html
    assert "进行中" not in html
    assert "已结束" in admin and "结果公布" not in admin.split("<tbody>")[1]


@pytest.fixture
def early_review():
    """Taking entries until 10 January; the contest's judging starts on 12 January, yet round 1
    (初赛) was opened on 1 December as an early online review."""
    contest = ContestFactory(
        registration_opens=at(2026, 10, 15, 9), registration_closes=at(2026, 12, 20, 18),
        submission_deadline=at(2027, 1, 10, 18), judging_starts=at(2027, 1, 12, 9),
        judging_ends=at(2027, 2, 28, 18), results_date=at(2027, 3, 15, 10),
    )  # fmt: skip
    RoundFactory(contest=contest, number=1, opens_at=at(2026, 12, 1, 9), closes_at=at(2027, 2, 1, 18))
    return contest


def test_an_early_round_makes_the_judging_step_current_from_its_real_start(early_review):
    moment = at(2026, 12, 7, 9)

    steps = {step.phase: step for step in timeline(early_review, now=moment)}

    assert early_review.phase(moment) == Phase.REGISTRATION
    assert [(p, s.state) for p, s in steps.items()] == [
        (Phase.REGISTRATION, "current"), (Phase.SUBMISSION, "upcoming"), (Phase.JUDGING, "current"),
        (Phase.RESULTS, "upcoming"),
    ]  # fmt: skip
    assert (steps[Phase.JUDGING].starts, steps[Phase.JUDGING].note) == (at(2026, 12, 1, 9), "初赛已提前开始")


def test_before_the_early_round_opens_judging_is_still_upcoming(early_review):
    moment = at(2026, 12, 1, 9) - timedelta(minutes=1)

    judging = timeline(early_review, now=moment)[2]

    assert (judging.phase, judging.state, judging.note) == (Phase.JUDGING, "upcoming", "")
