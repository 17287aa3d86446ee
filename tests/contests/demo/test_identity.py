"""The real-name and unit-vetting demo: the 2026 contest requires real names, every member is 通过
with placeholder documents but one 待审 member of a team without a submitted entry; an approved
contact of a university with two teams (one confirmed, one waiting) — and nothing more on a second run."""

import pytest

from contests.demo.contest import load_contest
from contests.demo.identity import CONTACT, load_identity
from contests.models import (
    Contest,
    IdentityDocument,
    IdentityProof,
    OrganisationContact,
    ProofStatus,
    RealNameRule,
    TeamMembership,
    VettingStatus,
)
from contests.services.identity import team_identity_problems
from contests.services.vetting import teams_for

pytestmark = pytest.mark.django_db


def test_identity_demo_is_loaded_once(demo_site):
    load_contest(None, {"teams": 12, "seed": 2026})
    logins = load_identity(None, {})
    assert logins == [("单位负责人 unit contact", *CONTACT)]
    contest = Contest.objects.get(slug="2026")
    assert (contest.real_name_rule, contest.identity_retention_days) == (RealNameRule.EITHER, 180)
    people = TeamMembership.objects.filter(contest=contest).values("user").distinct().count()
    proofs = IdentityProof.objects.filter(contest=contest)
    assert proofs.count() == people
    assert proofs.filter(status=ProofStatus.PENDING).count() == 1
    assert proofs.exclude(status__in=[ProofStatus.PENDING, ProofStatus.APPROVED]).count() == 0
    assert IdentityDocument.objects.filter(proof__contest=contest).count() == 2 * people
    waiting = proofs.get(status=ProofStatus.PENDING)
    waiting_team = TeamMembership.objects.get(contest=contest, user=waiting.user).team
    assert team_identity_problems(waiting_team) != []
    team1 = TeamMembership.objects.get(contest=contest, user__email="team1@shuyong.example").team
    assert team_identity_problems(team1) == []
    contact = OrganisationContact.objects.get(user__email=CONTACT[0])
    assert contact.approved_at is not None
    teams = list(teams_for(contact.user))
    assert len(teams) >= 2
    statuses = sorted(t.vetting_status for t in teams)
    assert statuses.count(VettingStatus.CONFIRMED) == 1 and VettingStatus.UNVETTED in statuses
    before = (IdentityProof.objects.count(), IdentityDocument.objects.count(), OrganisationContact.objects.count())
    load_identity(None, {})
    after = (IdentityProof.objects.count(), IdentityDocument.objects.count(), OrganisationContact.objects.count())
    assert after == before
