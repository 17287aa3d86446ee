"""Small builders for the export and import tests: entries and judging rows made directly (the
exports read them; how they came to be is other tests' business)."""

from decimal import Decimal

import factory
from django.utils import timezone

from contests.choices import EntryStatus, TeamRole
from contests.models import (
    Assignment,
    Criterion,
    Entry,
    JudgeProfile,
    RoundResult,
    Score,
    ScoreItem,
    ScoreStatus,
    TeamMembership,
)
from tests.contests.factories.teams import TeamFactory, TrackFactory, UserFactory


class ExportEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    team = factory.SubFactory(TeamFactory)
    contest = factory.LazyAttribute(lambda o: o.team.contest)
    track = factory.LazyAttribute(lambda o: TrackFactory(contest=o.contest))
    title = factory.Sequence(lambda n: f"智慧养老服务平台{n}")
    abstract = "基于共享数据的养老服务精准匹配。"
    status = EntryStatus.SUBMITTED
    created_by = factory.LazyAttribute(lambda o: o.team.created_by)
    updated_by = factory.LazyAttribute(lambda o: o.team.created_by)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    name = factory.Sequence(lambda n: f"评分项{n}")
    weight = 50
    max_score = 10
    sort_order = factory.Sequence(lambda n: n)


class JudgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JudgeProfile

    name = factory.Sequence(lambda n: f"评委{n}")
    email = factory.Sequence(lambda n: f"judge{n}@example.org")
    organisation = "山东大学"
    status = "active"


def add_member(team, user=None, role=TeamRole.MEMBER):
    user = user or UserFactory()
    TeamMembership.objects.create(team=team, user=user, role=role)
    return user


def score(entry, judge, round_, values, *, status=ScoreStatus.SUBMITTED, comment="", submitted_at=None):
    """An assignment of ``judge`` to ``entry`` with a score of ``values`` ({criterion: value})."""
    assignment = Assignment.objects.create(round=round_, entry=entry, judge=judge)
    row = Score.objects.create(
        assignment=assignment,
        status=status,
        comment=comment,
        submitted_at=submitted_at or (timezone.now() if status == ScoreStatus.SUBMITTED else None),
    )
    for criterion, value in values.items():
        ScoreItem.objects.create(score=row, criterion=criterion, value=Decimal(str(value)))
    return assignment


def result(entry, round_, **fields):
    defaults = {"track": entry.track, "computed_at": timezone.now()}
    return RoundResult.objects.create(round=round_, entry=entry, **{**defaults, **fields})
