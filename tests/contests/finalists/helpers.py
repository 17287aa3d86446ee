"""A contest whose first round is ranked (stored RoundResult rows, no scoring needed) and advanced
into round 2 with finalist confirmation required: two tracks, six entries in 医疗健康 ranked 1–6,
two in 智慧养老; the top 2 of each track advance."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.utils import timezone

from contests.choices import RoundKind, TeamRole
from contests.models import RoundResult
from contests.models.outcomes import AdvancementMethod
from contests.services.outcomes.advancement import confirm_advancement
from tests.contests.factories import ContestFactory, RoundFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import add_member
from tests.contests.factories.judging import eligible_entry, organiser

SHANGHAI = ZoneInfo("Asia/Shanghai")
DECIDED = datetime(2026, 6, 27, 15, 0, tzinfo=SHANGHAI)
DEADLINE = datetime(2026, 7, 1, 18, 0, tzinfo=SHANGHAI)


def ranked(round_, entries, track):
    for rank, entry in enumerate(entries, start=1):
        RoundResult.objects.create(
            round=round_, entry=entry, track=track, rank=rank, score=90 - rank, trimmed_mean=90 - rank,
            total=(90 - rank) * 3, judges_scored=3, judges_assigned=3, computed_at=DECIDED - timedelta(days=1),
        )  # fmt: skip


def build(*, require=True, deadline=DEADLINE, now=DECIDED):
    contest = ContestFactory()
    first = RoundFactory(contest=contest, number=1)
    final = RoundFactory(contest=contest, number=2, kind=RoundKind.FINAL)
    health = TrackFactory(contest=contest, name="医疗健康", sort_order=1)
    care = TrackFactory(contest=contest, name="智慧养老", sort_order=2)
    boss = organiser()
    health_entries = []
    for i in range(6):
        team = TeamFactory(contest=contest, name=f"医疗团队{i + 1}")
        health_entries.append(eligible_entry(contest, health, team=team, title=f"医疗作品{i + 1}"))
    care_entries = [
        eligible_entry(
            contest, care, team=TeamFactory(contest=contest, name=f"养老团队{i + 1}"), title=f"养老作品{i + 1}"
        )
        for i in range(3)
    ]
    ranked(first, health_entries, health)
    ranked(first, care_entries, care)
    member = UserFactory()
    add_member(health_entries[0].team, member)
    adviser = UserFactory()
    add_member(health_entries[0].team, adviser, role=TeamRole.ADVISER)
    decision = confirm_advancement(
        first, next_round=final, method=AdvancementMethod.TOP_N, parameter=2, actor=boss,
        confirmation_deadline=deadline if require else None, now=now,
    )  # fmt: skip
    return SimpleNamespace(
        contest=contest, first=first, final=final, health=health, care=care, boss=boss, h=health_entries,
        c=care_entries, member=member, adviser=adviser, decision=decision,
    )  # fmt: skip


def leader(entry):
    return entry.team.created_by


def confirmation_of(world, entry):
    return world.decision.finalists.get(entry=entry)


def aware(*args):
    return timezone.make_aware(datetime(*args), SHANGHAI)
