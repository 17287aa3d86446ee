"""The calibrated-judging demo: 2026 round 1 with three anchors, calibration scores and closed
calibration, the lead judge's login, and two 2025 final consensus scores that keep the ranks —
and nothing more on a second run."""

import pytest
from django.contrib.auth import get_user_model

from cms.demo import ensure_child
from contests.choices import EntryStatus
from contests.demo.calibration import LEAD_EMAIL, load_calibration
from contests.demo.contest import load_contest
from contests.demo.judging import load_judging
from contests.demo.outcomes import CONTEST_SLUG, load_outcomes
from contests.models import (
    AuditEvent,
    CalibrationAnchor,
    CalibrationScore,
    ConsensusScore,
    Contest,
    LeadJudge,
    RoundResult,
)
from contests.services.judging.calibration import deviation_table
from scenes.models import SolutionIndexPage
from tests.contests.factories.judging import eligible_entry

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def calibration_demo(demo_site):
    load_contest(None, {"teams": 2, "seed": 7})
    contest = Contest.objects.get(year=2026)
    track = contest.tracks.order_by("sort_order", "pk").first()
    for _n in range(6):
        eligible_entry(contest, track, status=EntryStatus.SUBMITTED)
    load_judging(None, {"judges": 8, "seed": 7})
    ensure_child(demo_site, SolutionIndexPage, "solutions", title="解决方案")
    load_outcomes(None, {})
    return contest


def test_demo_calibration_consensus_and_lead_load_once(calibration_demo):
    contest = calibration_demo
    ranks_2025 = dict(RoundResult.objects.filter(round__contest__slug=CONTEST_SLUG).values_list("pk", "rank"))
    logins = load_calibration(None, {})
    assert logins == [("主审 lead", LEAD_EMAIL, "shuyong-judge")]
    assert get_user_model().objects.get(email=LEAD_EMAIL).check_password("shuyong-judge")
    first, final = contest.rounds.order_by("number")
    assert (first.calibration_required, final.calibration_required) == (True, True)
    assert first.calibration_closed_at is not None and first.calibration_note
    assert CalibrationAnchor.objects.filter(round=first).count() == 3
    table = deviation_table(first)
    assert len(table.missing) == 2 and CalibrationScore.objects.count() == 3 * (len(table.judges) - 2)
    assert LeadJudge.objects.filter(contest=contest, user__email=LEAD_EMAIL, track__isnull=False).count() == 1
    consensus = list(ConsensusScore.objects.filter(round__contest__slug=CONTEST_SLUG))
    assert len(consensus) == 2 and all(c.reason for c in consensus)
    # The consensus scores stay between the neighbours': every 2025 rank is unchanged.
    assert dict(RoundResult.objects.filter(round__contest__slug=CONTEST_SLUG).values_list("pk", "rank")) == ranks_2025
    for c in consensus:
        assert RoundResult.objects.get(round=c.round, entry=c.entry).score == float(c.value)
    before = (CalibrationScore.objects.count(), ConsensusScore.objects.count(), AuditEvent.objects.count())
    load_calibration(None, {})
    assert (CalibrationScore.objects.count(), ConsensusScore.objects.count(), AuditEvent.objects.count()) == before
