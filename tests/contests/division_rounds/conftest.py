"""A contest with a divisional first round (济南 and 青岛 with their own judges) and a provincial
second round with same-city recusal."""

from types import SimpleNamespace

import pytest

from contests.models import Division
from tests.contests.factories import ContestFactory, RoundFactory, TeamFactory, TrackFactory
from tests.contests.factories.judging import JudgeFactory, eligible_entry, make_rubric, open_round
from tests.scenes.factories import city


def division_entry(contest, track, division, city_slug=None):
    team = TeamFactory(contest=contest, division=division, city=city(city_slug or division.slug))
    return eligible_entry(contest, track, team=team)


@pytest.fixture
def provincial():
    contest = ContestFactory()
    first = open_round(contest, divisional=True, judges_per_entry=2)
    make_rubric(first)
    final = RoundFactory(contest=contest, number=2, same_city_recusal=True, judges_per_entry=2)
    make_rubric(final)
    t1, t2 = TrackFactory(contest=contest), TrackFactory(contest=contest)
    jinan = Division.objects.create(contest=contest, node=city("jinan"), name="济南分赛区", slug="jinan", quota=2)
    qingdao = Division.objects.create(contest=contest, node=city("qingdao"), name="青岛分赛区", slug="qingdao", quota=1)
    judges = {
        division.slug: [
            JudgeFactory(contest=contest, tracks=[t1, t2], division=division, city=city(division.slug))
            for _ in range(3)
        ]
        for division in (jinan, qingdao)
    }
    entries = {
        "jinan": [division_entry(contest, track, jinan) for track in (t1, t1, t2, t2)],
        "qingdao": [division_entry(contest, track, qingdao) for track in (t1, t2)],
    }
    return SimpleNamespace(
        contest=contest, first=first, final=final, tracks=(t1, t2), jinan=jinan, qingdao=qingdao,
        judges=judges, entries=entries,
    )  # fmt: skip
