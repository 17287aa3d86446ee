"""The division rounds demo: 2026's first round judged by divisions (each entry by its own
division's judges, results per division), 烟台 advanced into the final where same-city recusal holds
— and nothing more on a second run."""

import pytest

from contests.demo.contest import load_contest
from contests.demo.division_rounds import load_division_rounds
from contests.demo.entries import load_entries
from contests.demo.judging import load_judging
from contests.models import (
    Assignment,
    AssignmentState,
    Contest,
    Division,
    DivisionAdvancement,
    JudgeProfile,
    RoundResult,
)

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Assignment, RoundResult, DivisionAdvancement, JudgeProfile)]


def test_demo_division_rounds_once(demo_site):
    load_contest(None, {"teams": 40, "seed": 2026})
    load_entries(None, {"seed": 2026})
    load_judging(None, {"judges": 15, "seed": 2026})
    assert load_division_rounds(None, {}) == []  # the divisions loader prints the managers' logins
    assert Division.objects.filter(contest__slug="2026").count() == 3
    contest = Contest.objects.get(slug="2026")
    first, final = contest.rounds.order_by("number")
    assert (first.divisional, final.same_city_recusal) == (True, True)
    # Unscored round-1 work goes only to the entry's own division's judges.
    unscored = Assignment.objects.filter(round=first, state=AssignmentState.ACTIVE, score__isnull=True)
    for assignment in unscored.select_related("judge", "entry__team"):
        assert assignment.judge.division_id == assignment.entry.team.division_id
    assert set(RoundResult.objects.filter(round=first).values_list("division__slug", flat=True)) <= {
        "jinan", "qingdao", "yantai",
    }  # fmt: skip
    decision = DivisionAdvancement.objects.get()
    assert decision.division.slug == "yantai" and len(decision.advanced_entry_ids) <= 3
    for assignment in Assignment.objects.filter(round=final).select_related("judge", "entry__team"):
        assert assignment.judge.city_id != assignment.entry.team.city_id
    before = counts()
    load_division_rounds(None, {})
    assert counts() == before
