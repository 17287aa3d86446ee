"""The tracking survey's part of the permission sweep's world (tests/security/conftest.py): a contest
whose final results became final about 200 days ago, the sweep leader's entry a winner, the rival's
entry not; a 6-month survey open now (it opened some 18 days ago for 60 days)."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from contests.choices import RoundKind
from contests.models import Award, AwardCategory, AwardLevel, ResultPublication
from tests.contests.factories import ContestFactory, RoundFactory, TeamFactory, TrackFactory
from tests.contests.factories.entries import EntryFactory
from tests.contests.surveys.helpers import make_survey


def sweep_surveys_world(leader, rival, boss):
    contest = ContestFactory(slug="sweep-surveys", year=2025)
    track = TrackFactory(contest=contest)
    round_ = RoundFactory(contest=contest, number=1, kind=RoundKind.FINAL)
    final_at = timezone.now() - timedelta(days=200)
    ResultPublication.objects.create(
        round=round_, notice_days=5, published_by=boss, published_at=final_at - timedelta(days=6),
        notice_ends_at=final_at - timedelta(days=1), finalised_by=boss, finalised_at=final_at,
    )  # fmt: skip
    entry = EntryFactory(team=TeamFactory(contest=contest, name="问卷获奖团队", created_by=leader), track=track)
    EntryFactory(team=TeamFactory(contest=contest, name="问卷别队", created_by=rival), track=track)
    category = AwardCategory.objects.create(contest=contest, name="一等奖", level=AwardLevel.FIRST)
    Award.objects.create(category=category, entry=entry, round=round_, track=track, awarded_by=boss)
    survey = make_survey(contest, boss, open_days=60)
    return SimpleNamespace(contest=contest, entry=entry, survey=survey)
