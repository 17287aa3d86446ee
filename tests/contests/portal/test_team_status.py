"""The team's entry page announces an award or an advancement only once the round's results are
published: organisers decide first, then publish (contests/services/outcomes/team_status.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contests.choices import EntryStatus
from contests.models import AwardCategory, AwardLevel, ResultPublication, RoundResult
from contests.services.outcomes.advancement import confirm_advancement
from contests.services.outcomes.awards import grant_award
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory
from tests.contests.factories.entries import leader_of
from tests.contests.factories.judging import eligible_entry, organiser

pytestmark = pytest.mark.django_db


def publish(round_, boss):
    now = timezone.now()
    ResultPublication.objects.create(
        round=round_, notice_days=7, published_by=boss, published_at=now, notice_ends_at=now + timedelta(days=7)
    )


def badge(client, entry):
    """The status badge of the entry page; the portal dashboard must show the same."""
    client.force_login(leader_of(entry.team))
    shown = [
        client.get(url).content.decode().split('<span class="badge status-', 1)[1].split("</span>", 1)[0]
        for url in (f"/portal/entries/{entry.uuid}/", "/portal/")
    ]
    assert shown[0] == shown[1]
    return shown[0]


@pytest.fixture
def world():
    contest = ContestFactory()
    first = RoundFactory(contest=contest, number=1)
    final = RoundFactory(contest=contest, number=2)
    track = TrackFactory(contest=contest)
    entry = eligible_entry(contest, track)
    RoundResult.objects.create(
        round=first, entry=entry, track=track, rank=1, score=90, trimmed_mean=90, total=450,
        judges_assigned=5, judges_scored=5, computed_at=timezone.now(),
    )  # fmt: skip
    return {"contest": contest, "first": first, "final": final, "entry": entry, "boss": organiser()}


def test_award_is_shown_to_the_team_only_after_publication(client, world):
    entry, boss = world["entry"], world["boss"]
    category = AwardCategory.objects.create(contest=world["contest"], name="一等奖", level=AwardLevel.FIRST, quota=1)
    grant_award(entry, category, round_=world["first"], actor=boss, proposed=True)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.AWARDED
    assert badge(client, entry) == 'eligible">形式审查通过'
    publish(world["first"], boss)
    assert badge(client, entry) == 'awarded">获奖'


def test_advancement_is_shown_to_the_team_only_after_publication(client, world):
    entry, boss = world["entry"], world["boss"]
    confirm_advancement(world["first"], next_round=world["final"], method="top_n", parameter=1, actor=boss)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ADVANCED
    assert badge(client, entry) == 'eligible">形式审查通过'
    publish(world["first"], boss)
    assert badge(client, entry) == 'advanced">晋级'
