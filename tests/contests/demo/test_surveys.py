"""The tracking survey demo: the 2025 contest's 6- and 12-month surveys, three answers to the first
from winning teams, the second open in autumn 2026 — and nothing more on a second run."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cms.demo import ensure_child
from contests.demo.contest import load_contest
from contests.demo.outcomes import CONTEST_SLUG, load_outcomes
from contests.demo.surveys import load_surveys
from contests.models import AuditEvent, Contest, SurveyResponse, TrackingSurvey
from contests.services.adoption.surveys import clean_answers, clean_questions, open_surveys_for, winning_entries
from scenes.models import SolutionIndexPage

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def surveys_demo(demo_site):
    load_contest(None, {"teams": 2, "seed": 7})
    ensure_child(demo_site, SolutionIndexPage, "solutions", title="解决方案")
    load_outcomes(None, {})
    load_surveys(None, {})
    return Contest.objects.get(slug=CONTEST_SLUG)


def test_demo_surveys_are_valid_answered_by_winners_and_loaded_once(surveys_demo):
    contest = surveys_demo
    six, twelve = TrackingSurvey.objects.filter(contest=contest).order_by("months_after_award")
    assert [(s.months_after_award, len(s.questions)) for s in (six, twelve)] == [(6, 5), (12, 4)]
    for survey in (six, twelve):
        assert clean_questions(survey.questions) == survey.questions
    responses = list(SurveyResponse.objects.filter(survey=six).select_related("entry"))
    assert len(responses) == 3 and not SurveyResponse.objects.filter(survey=twelve).exists()
    winners = set(winning_entries(contest))
    for response in responses:
        assert response.entry in winners
        values = {k: ("yes" if v is True else "no" if v is False else v or "") for k, v in response.answers.items()}
        assert clean_answers(six, values) == {k: (v if v != "" else None) for k, v in response.answers.items()}
    shanghai = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(datetime(2026, 10, 1, tzinfo=shanghai), tick=False):
        assert {survey for _e, survey, _w, _a in open_surveys_for(winners)} == {twelve}
    before = (TrackingSurvey.objects.count(), SurveyResponse.objects.count(), AuditEvent.objects.count())
    load_surveys(None, {})
    assert (TrackingSurvey.objects.count(), SurveyResponse.objects.count(), AuditEvent.objects.count()) == before
