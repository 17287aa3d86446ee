"""The contest page links a round's public vote once its rules are published — also when the page
came from the anonymous page cache before (publishing retires the stored page)."""

import pytest

from contests.models import ContestIndexPage, ContestPage, VoteStatus
from contests.services.votes import setup
from tests.contests.votes.builders import vote_world

pytestmark = pytest.mark.django_db


def test_contest_page_links_the_vote_once_published(client, demo_site, boss, settings):
    settings.SHOWCASE_CACHE_LISTINGS = True
    public_vote, _tracks, _entries = vote_world(boss, status=VoteStatus.DRAFT, opens_in=2)
    contest = public_vote.round.contest
    index = ContestIndexPage(title="大赛", slug="contests")
    demo_site.add_child(instance=index)
    page = ContestPage(title=contest.name, slug="vote-contest", contest=contest)
    index.add_child(instance=page)
    vote_url = f"/vote/{contest.slug}/{public_vote.round.number}/"

    assert vote_url not in client.get(page.url).content.decode()  # a draft is not public
    setup.publish_vote(public_vote, actor=boss)
    html = client.get(page.url).content.decode()
    assert "人气奖投票" in html and vote_url in html
