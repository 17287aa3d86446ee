"""The public voting page and the confirmation page that casts a vote."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests.models import Vote, VoteStatus
from contests.services.votes import casting, challenge
from tests.contests.factories.teams import UserFactory
from tests.contests.votes.builders import client_at, verified_voter, vote_world

pytestmark = pytest.mark.django_db


def page_url(public_vote):
    round_ = public_vote.round
    return reverse("contests:votes:round", kwargs={"contest_slug": round_.contest.slug, "number": round_.number})


def cast_url(public_vote, entry):
    round_ = public_vote.round
    return reverse(
        "contests:votes:cast",
        kwargs={"contest_slug": round_.contest.slug, "number": round_.number, "entry_uuid": entry.uuid},
    )


def some_votes(public_vote, entry, n):
    for i in range(n):
        casting.cast_vote(public_vote, entry, verified_voter(), client=client_at(f"10.{i}.1.1", device=f"v{i}"))


def test_draft_vote_is_not_public(client, boss):
    public_vote, _tracks, _entries = vote_world(boss, status=VoteStatus.DRAFT)
    assert client.get(page_url(public_vote)).status_code == 404


def test_open_vote_shows_public_summary_without_counts_or_teams(client, world):
    public_vote, _tracks, entries = world
    some_votes(public_vote, entries[0], 7)
    response = client.get(page_url(public_vote))
    html = response.content.decode()
    assert [e.title in html for e in entries] == [True, True, True]
    assert "投票期间不公布票数" in html
    assert "vote-tally" not in html and "有效票" not in html
    assert entries[0].team.name not in html and entries[0].team.organisation not in html
    assert "no-cache" in response["Cache-Control"]


def test_announced_vote_shows_tallies_and_voided_counts(client, boss):
    public_vote, _tracks, entries = vote_world(boss, opens_in=-10, status=VoteStatus.PUBLISHED)
    with time_machine.travel(public_vote.opens_at + timedelta(hours=1)):
        some_votes(public_vote, entries[1], 3)
    Vote.objects.filter(pk=Vote.objects.first().pk).update(voided_at=public_vote.closes_at, void_reason="x")
    public_vote.status = VoteStatus.ANNOUNCED
    public_vote.save()
    html = client.get(page_url(public_vote)).content.decode()
    assert "投票结果" in html and "vote-tally" in html
    assert f"<td>1</td><td>{entries[1].title}</td><td>2</td><td>1</td>" in html
    assert "有效票合计 2，作废 1。" in html


def test_cast_through_the_confirmation_step(client, world, voter):
    public_vote, _tracks, entries = world
    client.force_login(voter)
    page = client.get(cast_url(public_vote, entries[0]))
    assert "每个类别只能投一票，投出后不能更改" in page.content.decode()
    unconfirmed = client.post(cast_url(public_vote, entries[0]), {})
    assert unconfirmed.status_code == 400 and "请勾选确认后再投票" in unconfirmed.content.decode()
    assert Vote.objects.count() == 0
    done = client.post(cast_url(public_vote, entries[0]), {"confirm": "on"})
    assert done.status_code == 302 and done["Location"] == page_url(public_vote)
    assert list(Vote.objects.values_list("entry", "voter")) == [(entries[0].pk, voter.pk)]
    # The same vote sent again (a retry): counted once, and the voter told it is recorded.
    retry = client.post(cast_url(public_vote, entries[0]), {"confirm": "on"}, follow=True)
    assert "你已投给这件作品，投票已记录。" in retry.content.decode()
    assert Vote.objects.count() == 1
    again = client.post(cast_url(public_vote, entries[1]), {"confirm": "on"})
    assert again.status_code == 400
    assert "你已经在这个类别投过票了" in again.content.decode()
    assert Vote.objects.count() == 1
    assert "你已投给这件作品" in client.get(page_url(public_vote)).content.decode()


def test_unverified_account_sees_why_and_cannot_vote(client, world):
    public_vote, _tracks, entries = world
    client.force_login(UserFactory())
    response = client.post(cast_url(public_vote, entries[0]), {"confirm": "on"})
    assert response.status_code == 403
    assert "投票需要登录并验证手机号" in response.content.decode()
    assert Vote.objects.count() == 0


def test_anonymous_is_sent_to_login(client, world):
    public_vote, _tracks, entries = world
    response = client.get(cast_url(public_vote, entries[0]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_challenge_is_asked_and_checked_when_the_vote_looks_anomalous(client, world):
    public_vote, _tracks, entries = world
    newcomer = verified_voter(joined_days_ago=0)
    for _i in range(2):  # two other accounts already voted from this device
        casting.cast_vote(public_vote, entries[0], verified_voter(), client=client_at("127.0.0.1", device="shared"))
    client.force_login(newcomer)
    client.cookies["vote_device"] = "shared"
    page = client.get(cast_url(public_vote, entries[1]))
    html = page.content.decode()
    assert "验证问题" in html and "等于几" in html
    token = page.context["form"].initial["challenge_token"]
    answer = signing.loads(token, salt=challenge.SALT)["a"]
    wrong = client.post(
        cast_url(public_vote, entries[1]), {"confirm": "on", "challenge_token": token, "challenge_answer": answer + 1}
    )
    assert wrong.status_code == 400 and "验证问题回答错误" in wrong.content.decode()
    assert not Vote.objects.filter(voter=newcomer).exists()
    right = client.post(
        cast_url(public_vote, entries[1]), {"confirm": "on", "challenge_token": token, "challenge_answer": str(answer)}
    )
    assert right.status_code == 302
    assert Vote.objects.filter(voter=newcomer).count() == 1


def _page_queries(client, public_vote):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url(public_vote))
    assert response.status_code == 200
    return len(queries)


def test_voting_page_query_count_does_not_grow_with_entries(client, boss, voter):
    small, _t, _e = vote_world(boss, entries=3, tracks=2)
    large, _t, _e = vote_world(boss, entries=12, tracks=2)
    client.force_login(voter)
    _page_queries(client, small), _page_queries(client, large)  # first views create the day's counters
    assert _page_queries(client, small) == _page_queries(client, large)
