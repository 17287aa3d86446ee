"""An expert's record: rounds and contests judged, on-time submissions, deviation from the panel,
agreement with co-judges and declined invitations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contests.models import JudgeInvitation, Score
from contests.services.experts.record import records_for
from tests.contests.factories import ContestFactory, TrackFactory
from tests.contests.factories.experts import ExpertFactory
from tests.contests.factories.judging import (
    JudgeFactory,
    assign,
    eligible_entry,
    make_rubric,
    open_round,
    submitted_score,
)

pytestmark = pytest.mark.django_db


def test_record_counts_timeliness_deviation_agreement_and_declines(provincial, boss):
    expert, colleague, other = ExpertFactory(), ExpertFactory(), ExpertFactory()
    judges = {e: JudgeFactory(contest=provincial.contest, user=e.user, expert=e) for e in (expert, colleague, other)}
    # The expert scores 80 and 60, each co-judge 40 on the first entry and 60 on the second.
    for entry, mine in ((provincial.jinan_entry, [20, 20, 16, 16, 8]), (provincial.qingdao_entry, [15, 15, 12, 12, 6])):
        submitted_score(assign(provincial.round, entry, judges[expert]), mine)
        submitted_score(
            assign(provincial.round, entry, judges[colleague]),
            [15, 15, 12, 12, 6] if entry == provincial.qingdao_entry else [10, 10, 8, 8, 4],
        )
        submitted_score(
            assign(provincial.round, entry, judges[other]),
            [15, 15, 12, 12, 6] if entry == provincial.qingdao_entry else [10, 10, 8, 8, 4],
        )
    # A closed round of another contest: one score submitted late, one never.
    old = ContestFactory()
    closed = open_round(
        old, opens_at=timezone.now() - timedelta(days=20), closes_at=timezone.now() - timedelta(days=10)
    )
    make_rubric(closed)
    track = TrackFactory(contest=old)
    old_judge = JudgeFactory(contest=old, user=expert.user, expert=expert)
    late = submitted_score(assign(closed, eligible_entry(old, track), old_judge), [10, 10, 10, 10, 5])
    Score.objects.filter(pk=late.pk).update(submitted_at=timezone.now())
    assign(closed, eligible_entry(old, track), old_judge)
    declined_profile = JudgeFactory(contest=ContestFactory(), user=None, expert=expert, email="x@pool.example")
    JudgeInvitation.objects.create(
        judge=declined_profile, email="x@pool.example", invited_by=boss, declined_at=timezone.now()
    )

    record = records_for([expert, colleague])[expert.pk]
    assert (len(record.contests), len(record.rounds), record.assignments) == (2, 2, 4)
    # Due: the two open-round scores (submitted, on time) and the two of the closed round (late, missing).
    assert (record.due, record.on_time, record.on_time_percent) == (4, 2, 50)
    assert record.declines == 1
    assert record.agreement == pytest.approx(20.0)  # |80 − 40| and |60 − 60|, averaged
    assert record.deviation > 0  # more generous than the panel
    assert records_for([colleague])[colleague.pk].deviation < 0
