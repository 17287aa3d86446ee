"""以赛促用: a winning entry becomes a draft SolutionPage (with its Provider) for editors to finish; the
published page shows the award it came from; nothing unpublished is public; only organisers promote."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from contests.models import Award, AwardCategory, AwardLevel, Promotion, ResultPublication
from contests.models.audit import AuditEvent
from contests.services import ContestError
from contests.services.outcomes.promotion import promote_entry
from scenes.models import Domain, Provider, SolutionPage
from tests.contests.factories import RoundFactory, TeamFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import DataResourceFactory
from tests.contests.factories.judging import eligible_entry, organiser

pytestmark = pytest.mark.django_db

CREDIT_CODE = "91350100M000100Y43"


@pytest.fixture
def domains():
    return [
        Domain.objects.create(name="惠民便民", slug="huimin", sort_order=1),
        Domain.objects.create(name="智慧养老", slug="elderly-care", sort_order=2),
    ]


def published_round(contest, boss, *, number=1):
    round_ = RoundFactory(contest=contest, number=number)
    now = timezone.now()
    ResultPublication.objects.create(
        round=round_, published_by=boss, published_at=now - timedelta(days=1), notice_ends_at=now + timedelta(days=6)
    )
    return round_


def award(entry, round_, boss, *, name="一等奖", level=AwardLevel.FIRST, sort_order=0):
    category, _created = AwardCategory.objects.get_or_create(
        contest=entry.contest, name=name, defaults={"level": level, "sort_order": sort_order}
    )
    return Award.objects.create(category=category, entry=entry, round=round_, track=entry.track, awarded_by=boss)


@pytest.fixture
def winner(boss, solution_index, domains):
    team = TeamFactory(organisation="济南数智养老科技有限公司", credit_code=CREDIT_CODE)
    track = TrackFactory(contest=team.contest, name="智慧养老赛道")
    entry = eligible_entry(team.contest, track, team=team, title="银龄助手：养老服务精准匹配")
    entry.data_resources.set([DataResourceFactory(name="老年人口数据"), DataResourceFactory(name="医保结算数据")])
    round_ = published_round(team.contest, boss)
    return entry, award(entry, round_, boss)


def test_promoting_a_winner_creates_a_draft_solution_filled_from_the_entry(winner, boss, solution_index):
    entry, first_prize = winner

    promotion = promote_entry(entry, actor=boss)

    page = SolutionPage.objects.get()
    assert page.get_parent().specific == solution_index
    assert (page.title, page.live, page.has_unpublished_changes) == (entry.title, False, True)
    assert page.summary == entry.abstract
    assert [d.name for d in page.domains.all()] == ["智慧养老"]  # named in the track
    assert sorted(r.name for r in page.data_resources.all()) == ["医保结算数据", "老年人口数据"]
    body = [(block.block_type, str(block.value)) for block in page.body]
    assert [kind for kind, _value in body] == ["heading", "paragraph"] * 3
    assert "拟解决的问题" in body[0][1] and entry.problem in body[1][1]
    assert entry.approach in body[3][1] and entry.expected_benefits in body[5][1]
    # A revision by the organiser: editors find the draft in the page explorer and moderation.
    revision = page.get_latest_revision()
    assert revision is not None and revision.user == boss
    provider = Provider.objects.get()
    assert (provider.name, provider.credit_code) == ("济南数智养老科技有限公司", CREDIT_CODE)
    assert page.provider == provider
    linked = (promotion.entry, promotion.award, promotion.solution_page.pk, promotion.provider, promotion.promoted_by)
    assert linked == (entry, first_prize, page.pk, provider, boss)
    event = AuditEvent.objects.get(action="entry.promote")
    assert (event.object_id, event.contest, event.actor) == (str(entry.pk), entry.contest, boss)
    assert event.after["solution_page_id"] == page.pk


def test_the_page_is_written_in_the_site_language_whatever_the_admin_language(winner, boss):
    entry, _award = winner
    with translation.override("en"):
        page = promote_entry(entry, actor=boss).solution_page
    assert [b.value["text"] for b in page.body if b.block_type == "heading"][:1] == ["拟解决的问题"]


def test_a_second_promotion_of_the_same_entry_is_refused(winner, boss):
    entry, _award = winner
    promote_entry(entry, actor=boss)
    with pytest.raises(ContestError, match="已推荐入库，不能重复推荐"):
        promote_entry(entry, actor=boss)
    assert SolutionPage.objects.count() == 1
    assert Promotion.objects.count() == 1


def test_entries_without_an_active_published_award_are_refused(winner, boss):
    entry, first_prize = winner
    first_prize.revoked_at, first_prize.revoked_by, first_prize.revoke_reason = timezone.now(), boss, "复核后撤销"
    first_prize.save()
    with pytest.raises(ContestError, match="没有有效奖项"):
        promote_entry(entry, actor=boss)

    # An award of a round whose results are not published yet does not count either.
    unpublished = RoundFactory(contest=entry.contest, number=2)
    award(entry, unpublished, boss, name="二等奖", level=AwardLevel.SECOND)
    with pytest.raises(ContestError, match="没有有效奖项"):
        promote_entry(entry, actor=boss)
    assert (SolutionPage.objects.count(), Provider.objects.count(), Promotion.objects.count()) == (0, 0, 0)
    assert not AuditEvent.objects.filter(action="entry.promote").exists()


def test_the_highest_award_is_linked_and_an_existing_provider_is_reused(winner, boss):
    entry, first_prize = winner
    special = award(entry, first_prize.round, boss, name="最佳数据应用奖", level=AwardLevel.SPECIAL, sort_order=5)
    by_code = Provider.objects.create(name="济南数智（旧名）", slug="old-name", credit_code=CREDIT_CODE)

    promotion = promote_entry(entry, actor=boss)

    assert promotion.award == first_prize != special
    assert promotion.provider == by_code
    assert Provider.objects.count() == 1

    # Another winner from an organisation known by name only reuses that provider too.
    by_name = Provider.objects.create(name="青岛海数科技有限公司", slug="haishu")
    team = TeamFactory(contest=entry.contest, organisation="青岛海数科技有限公司")
    other = eligible_entry(entry.contest, entry.track, team=team)
    award(other, first_prize.round, boss, name="二等奖", level=AwardLevel.SECOND, sort_order=1)
    assert promote_entry(other, actor=boss).provider == by_name


def test_the_published_solution_shows_its_award_and_the_draft_is_never_public(client, winner, boss):
    entry, _award = winner
    page = promote_entry(entry, actor=boss).solution_page
    url = "/solutions/" + page.slug + "/"

    assert client.get(url).status_code == 404
    listing = client.get("/solutions/")
    assert listing.status_code == 200
    assert entry.title not in listing.content.decode()

    page.get_latest_revision().publish()
    response = client.get(url)
    assert response.status_code == 200
    assert f"源自 {entry.contest.name} 一等奖" in response.content.decode()


def test_a_solution_whose_award_was_revoked_shows_no_badge(client, winner, boss):
    entry, first_prize = winner
    page = promote_entry(entry, actor=boss).solution_page
    page.get_latest_revision().publish()
    first_prize.revoked_at, first_prize.revoked_by, first_prize.revoke_reason = timezone.now(), boss, "复核后撤销"
    first_prize.save()
    response = client.get("/solutions/" + page.slug + "/")
    assert response.status_code == 200
    assert "源自" not in response.content.decode()


def test_a_promotion_recorded_without_an_award_names_its_contest(client, winner, boss):
    entry, _award = winner
    promotion = promote_entry(entry, actor=boss)
    Promotion.objects.filter(pk=promotion.pk).update(award=None)  # as the admin allows
    promotion.solution_page.get_latest_revision().publish()
    response = client.get("/solutions/" + promotion.solution_page.slug + "/")
    assert response.status_code == 200
    assert f'<span class="badge badge-award">源自 {entry.contest.name}</span>' in response.content.decode()


# Admin: 推荐入库 ----------------------------------------------------------------------------------


def test_the_admin_lists_winners_and_promotes_after_confirmation(client, winner, boss):
    entry, _award = winner
    client.force_login(boss)
    index_url = reverse("outcomes_promotion:contest", args=[entry.contest_id])
    promote_url = reverse("outcomes_promotion:promote", args=[entry.pk])

    listing = client.get(index_url).content.decode()
    assert entry.title in listing and promote_url in listing

    confirm = client.get(promote_url)
    assert confirm.status_code == 200
    assert "确认推荐入库" in confirm.content.decode()
    assert Promotion.objects.count() == 0  # a GET changes nothing

    response = client.post(promote_url, {"confirm": "on"}, follow=True)
    page = SolutionPage.objects.get()
    assert response.redirect_chain[-1][0] == index_url
    content = response.content.decode()
    assert "已为作品" in content
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in content
    assert promote_url not in content  # promoted: the button is gone

    again = client.post(promote_url, {"confirm": "on"}, follow=True)
    assert "不能重复推荐" in again.content.decode()
    assert SolutionPage.objects.count() == 1


def test_the_admin_refuses_an_entry_without_award_with_a_message(client, winner, boss):
    entry, _award = winner
    loser = eligible_entry(entry.contest, entry.track)
    client.force_login(boss)
    response = client.post(reverse("outcomes_promotion:promote", args=[loser.pk]), {"confirm": "on"}, follow=True)
    content = response.content.decode()
    assert "没有有效奖项" in content
    assert content.count(loser.title) == 1  # in the message, not listed among the winners
    assert Promotion.objects.count() == 0


def test_only_organisers_promote(client, winner):
    entry, _award = winner
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    index_url = reverse("outcomes_promotion:index")
    promote_url = reverse("outcomes_promotion:promote", args=[entry.pk])
    assert index_url not in client.get(reverse("wagtailadmin_home")).content.decode()  # no menu item
    for response in (client.get(index_url), client.get(promote_url), client.post(promote_url)):
        assert response.status_code in (302, 403)
        assert entry.title not in response.content.decode()
    assert Promotion.objects.count() == 0

    client.force_login(entry.team.created_by)  # the winning team itself
    assert client.post(promote_url).status_code in (302, 403)
    assert Promotion.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_organisers_promoting_at_once_on_postgresql_make_one_page(postgres, winner, boss):
    """Real threads, real connections: the entry row lock lets one promotion through; the other
    organiser gets the friendly refusal and no second page."""
    entry, _award = winner
    other = organiser()
    barrier = threading.Barrier(2)
    outcomes = []

    def promote(user):
        try:
            barrier.wait()
            promote_entry(entry, actor=user)
            outcomes.append("ok")
        except ContestError as refusal:
            outcomes.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=promote, args=(user,)) for user in (boss, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "promoted"]
    assert (SolutionPage.objects.count(), Promotion.objects.count(), Provider.objects.count()) == (1, 1, 1)
    assert AuditEvent.objects.filter(action="entry.promote").count() == 1


def test_promotion_needs_confirmation(client, winner, boss):
    entry, _award = winner
    client.force_login(boss)
    refused = client.post(reverse("outcomes_promotion:promote", args=[entry.pk]))
    assert (refused.status_code, "请勾选确认后再提交。" in refused.content.decode()) == (200, True)
    assert Promotion.objects.count() == 0
