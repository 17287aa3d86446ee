"""The public vote demo loader: the 2025 final's closed vote whose report flags a scripted burst
and holds a voided cluster, and the 2026 final's published vote — once."""

import pytest

from cms.demo import ensure_child
from contests.demo.contest import load_contest
from contests.demo.outcomes import load_outcomes
from contests.demo.votes import load_votes
from contests.models import PublicVote, Vote, VoteStatus
from contests.services.votes.anomalies import anomaly_report
from scenes.models import SolutionIndexPage

pytestmark = pytest.mark.django_db


def test_demo_votes_tell_their_story_once(demo_site):
    load_contest(None, {"teams": 2, "seed": 7})
    ensure_child(demo_site, SolutionIndexPage, "solutions", title="解决方案")
    load_outcomes(None, {})

    logins = load_votes(None, {})
    vote_2025 = PublicVote.objects.get(round__contest__slug="shuyong-2025")
    vote_2026 = PublicVote.objects.get(round__contest__slug="2026")
    assert (vote_2025.status, vote_2026.status) == (VoteStatus.PUBLISHED, VoteStatus.PUBLISHED)
    report = anomaly_report(vote_2025)
    assert [b.votes for b in report.bursts] == [25]
    assert [(c.votes, c.voters) for c in report.networks] == [(25, 25)]
    assert report.voided == 6
    assert set(Vote.objects.filter(voided_at__isnull=False).values_list("void_reason", flat=True)) == {
        "同一设备登录 6 个账号集中投票，经核查为刷票。"
    }
    # Every demo voter holds a verified number; the printed one can sign in and vote.
    voters = Vote.objects.values("voter").distinct()
    assert not Vote.objects.filter(voter__phone_verified_at__isnull=True).exists() and voters.count() > 50
    assert [email for _role, email, _pw in logins] == ["vote001@shuyong.example"]

    count = Vote.objects.count()
    load_votes(None, {})
    assert (PublicVote.objects.count(), Vote.objects.count()) == (2, count)
