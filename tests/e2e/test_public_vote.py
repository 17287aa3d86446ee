"""The public vote on a phone (390×844): a verified voter opens the voting page, picks an entry,
confirms on the confirmation page ("每个类别只能投一票，投出后不能更改") and sees the vote counted
for them — no tally anywhere; axe finds no serious or critical violation on either page."""

from contests.models import Vote
from tests.contests.factories.judging import organiser
from tests.contests.votes.builders import verified_voter, vote_world
from tests.e2e.test_accessibility import BLOCKING, axe_violations, sign_in

PHONE = {"width": 390, "height": 844}


def blocking(page):
    return [v for v in axe_violations(page) if v["impact"] in BLOCKING]


def test_vote_on_a_phone_through_the_confirmation(page, live_site, page_errors, screenshot):
    public_vote, _tracks, entries = vote_world(organiser(email="organiser@e2e.example"), entries=3, tracks=1)
    voter = verified_voter(email="voter@e2e.example")
    round_ = public_vote.round
    sign_in(page, live_site, voter)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_site}/vote/{round_.contest.slug}/{round_.number}/")
    assert page.get_by_text("投票期间不公布票数").is_visible()
    assert blocking(page) == []
    page.get_by_role("link", name=f"投票给《{entries[1].title}》").click()

    page.wait_for_url("**/vote/**/*-*/")
    assert page.locator(".confirm-warning").inner_text() == "每个类别只能投一票，投出后不能更改。"
    assert blocking(page) == []
    screenshot("confirm")
    page.get_by_role("button", name="确认投票").click()  # not yet confirmed: the page says so
    assert page.get_by_text("请勾选确认后再投票。").is_visible()
    assert Vote.objects.count() == 0
    page.get_by_label("我知道每个类别只能投一票，投出后不能更改。").check()
    page.get_by_role("button", name="确认投票").click()

    page.wait_for_url(f"**/vote/{round_.contest.slug}/{round_.number}/")
    assert page.get_by_text("投票成功，感谢参与！").is_visible()
    assert page.get_by_text("你已投给这件作品").is_visible()
    assert page.locator(".vote-tally").count() == 0
    # The width of a phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert blocking(page) == []
    screenshot("voted")
    assert list(Vote.objects.values_list("entry", "voter")) == [(entries[1].pk, voter.pk)]
    # The unconfirmed submission answered 400 on purpose (Chromium logs that); nothing else failed.
    assert [e for e in page_errors if "status of 400" not in e] == []
