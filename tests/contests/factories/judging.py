"""Judging test data: judges, rubrics, open rounds, eligible entries, assignments and scores."""

from datetime import timedelta
from decimal import Decimal
from importlib import import_module

import factory
from django.utils import timezone

from contests.choices import EntryStatus
from contests.models import (
    Assignment,
    Criterion,
    JudgeProfile,
    JudgeStatus,
    Round,
    RoundResult,
    Score,
    ScoreItem,
    ScoreStatus,
)
from tests.contests.factories.entries import EntryFactory, add_member
from tests.contests.factories.teams import (
    ContestFactory,
    OrganiserFactory,
    RoundFactory,
    TeamFactory,
    TrackFactory,
    UserFactory,
)

# Rubric of the demo contest: (name, weight, max score).
RUBRIC = [
    ("创新性", 25, 25),
    ("数据应用深度", 25, 25),
    ("可行性", 20, 20),
    ("社会经济效益", 20, 20),
    ("展示表达", 10, 10),
]


class JudgeFactory(factory.django.DjangoModelFactory):
    """An active judge (accepted invitation) with an account; ``tracks=[…]`` sets the expertise."""

    class Meta:
        model = JudgeProfile
        skip_postgeneration_save = True

    contest = factory.SubFactory(ContestFactory)
    user = factory.SubFactory(UserFactory, email=factory.Sequence(lambda n: f"judge{n}@judges.example"))
    name = factory.Sequence(lambda n: f"评委{n}")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else f"{o.name}@judges.example")
    organisation = factory.Sequence(lambda n: f"评审专家单位{n}")
    status = JudgeStatus.ACTIVE

    @factory.post_generation
    def tracks(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.expertise.set(extracted)


def open_round(contest, **kwargs):
    """A first round open now (time-machine aware), until ten days from now."""
    now = timezone.now()
    defaults = {"number": 1, "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=10)}
    defaults.update(kwargs)
    return RoundFactory(contest=contest, **defaults)


def make_rubric(round_, rubric=RUBRIC):
    return [
        Criterion.objects.create(
            round=round_,
            name=name,
            weight=weight,
            max_score=max_score,
            sort_order=index,
            levels=f"优秀 {max_score * 0.9:g}-{max_score}：突出\n良好 {max_score * 0.7:g}-{max_score * 0.9:g}：较好",
        )
        for index, (name, weight, max_score) in enumerate(rubric)
    ]


def eligible_entry(contest, track, team=None, **kwargs):
    team = team or TeamFactory(contest=contest)
    kwargs.setdefault("status", EntryStatus.ELIGIBLE)
    return EntryFactory(team=team, contest=contest, track=track, **kwargs)


def organiser(**kwargs):
    """An organiser (the group exists after migrations; created here for --nomigrations runs)."""
    from django.contrib.auth.models import Group

    from contests.rules import ORGANISER_GROUP

    group, _created = Group.objects.get_or_create(name=ORGANISER_GROUP)
    if not group.permissions.filter(codename="access_admin").exists():
        from django.contrib.auth.models import Permission

        judging = import_module("contests.migrations.0006_judging_organiser_permissions").PERMISSIONS
        codenames = [f"{action}_{model}" for model, actions in judging.items() for action in actions]
        group.permissions.add(*Permission.objects.filter(codename__in=[*codenames, "access_admin"]))
    return OrganiserFactory(**kwargs)


def assign(round_, entry, judge, *, declared=True, **kwargs):
    return Assignment.objects.create(
        round=round_, entry=entry, judge=judge,
        declared_no_conflict_at=timezone.now() if declared else None, **kwargs,
    )  # fmt: skip


def submitted_score(
    assignment, values, *, comment="评审意见：方案完整，数据使用合理，建议加强落地验证。", status=ScoreStatus.SUBMITTED
):
    """Write a score directly (bypassing the window checks) with ``values`` in criterion order."""
    criteria = list(assignment.round.criteria.order_by("sort_order", "id"))
    score = Score.objects.create(
        assignment=assignment, status=status, comment=comment,
        submitted_at=timezone.now() if status == ScoreStatus.SUBMITTED else None,
    )  # fmt: skip
    ScoreItem.objects.bulk_create(
        [ScoreItem(score=score, criterion=c, value=Decimal(str(v))) for c, v in zip(criteria, values, strict=True)]
    )
    return score


def judging_setup(*, tracks=1, judges=6, entries=4, k=3):
    """A contest with an open round 1 (rubric set), active judges covering every track and
    eligible entries spread over the tracks."""
    contest = ContestFactory()
    round_ = open_round(contest, judges_per_entry=k)
    make_rubric(round_)
    track_list = [TrackFactory(contest=contest) for _ in range(tracks)]
    judge_list = [JudgeFactory(contest=contest, tracks=track_list) for _ in range(judges)]
    entry_list = [eligible_entry(contest, track_list[i % tracks]) for i in range(entries)]
    return contest, round_, track_list, judge_list, entry_list


def scored_round(*, entries=2, notice_days=5):
    """A round with computed results for ``entries`` entries (each team: a leader and a member)."""
    contest = ContestFactory(notice_days=notice_days)
    round_ = RoundFactory(contest=contest, number=1)
    track = TrackFactory(contest=contest)
    made = []
    for rank in range(1, entries + 1):
        entry = eligible_entry(contest, track)
        add_member(entry.team)
        RoundResult.objects.create(
            round=round_, entry=entry, track=track, rank=rank, score=90 - rank, computed_at=timezone.now()
        )
        made.append(entry)
    return round_, made


__all__ = [
    "RUBRIC",
    "JudgeFactory",
    "Round",
    "assign",
    "eligible_entry",
    "judging_setup",
    "make_rubric",
    "open_round",
    "organiser",
    "scored_round",
    "submitted_score",
]
