"""The division world: one contest with 济南 and 青岛 divisions, a manager of each, a team with a
submitted entry (and a file) in each, and helpers to sign in."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from contests.choices import EntryStatus
from contests.models import Division, Entry
from tests.contests.factories import TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import EntryFactory, add_member, attach
from tests.scenes.factories import city


def make_division(contest, slug, name, **kwargs):
    return Division.objects.create(contest=contest, node=city(slug), name=name, slug=slug, **kwargs)


def make_manager(division, email):
    user = UserFactory(email=email)
    division.managers.add(user)
    return user


def division_team(division, **kwargs):
    team = TeamFactory(contest=division.contest, division=division, **kwargs)
    add_member(team)
    return team


def submitted_entry(team, track, *, with_file=False, **kwargs):
    """A submitted entry (status set directly); ``with_file`` attaches a proposal while still a draft."""
    status = kwargs.pop("status", EntryStatus.SUBMITTED)
    entry = EntryFactory(team=team, contest=team.contest, track=track, **kwargs)
    entry.file = attach(entry) if with_file else None
    Entry.objects.filter(pk=entry.pk).update(status=status, submitted_at=timezone.now())
    entry.status = status
    return entry


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(contest):
    jinan = make_division(contest, "jinan", "济南分赛区", quota=3)
    qingdao = make_division(contest, "qingdao", "青岛分赛区", quota=2)
    track = TrackFactory(contest=contest, name="城市治理")
    team = division_team(jinan, name="泉城数据队", city=city("jinan"))
    other_team = division_team(qingdao, name="海风数据队", city=city("qingdao"))
    entry = submitted_entry(team, track, title="泉水保护监测", with_file=True)
    other_entry = submitted_entry(other_team, track, title="海岸线巡查", with_file=True)
    return SimpleNamespace(
        contest=contest,
        jinan=jinan,
        qingdao=qingdao,
        track=track,
        team=team,
        other_team=other_team,
        entry=entry,
        other_entry=other_entry,
        file=entry.file,
        other_file=other_entry.file,
        manager=make_manager(jinan, "jinan.division@example.org"),
        other_manager=make_manager(qingdao, "qingdao.division@example.org"),
    )


@pytest.fixture
def after_deadline(contest):
    with time_machine.travel(contest.submission_deadline + timedelta(hours=1), tick=False) as traveller:
        yield traveller
