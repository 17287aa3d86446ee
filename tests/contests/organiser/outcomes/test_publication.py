"""Publishing a round's results (the notice window), finalising them, and the organiser's page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contests.models import Appeal, AppealStatus, AuditEvent, ResultPublication
from contests.services import ContestError
from contests.services.outcomes.publication import finalise_results, publish_results
from tests.contests.factories import ContestFactory, RoundFactory, UserFactory
from tests.contests.factories.entries import leader_of
from tests.contests.factories.judging import organiser, scored_round

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def published(round_, actor, *, at=None):
    return publish_results(round_, actor=actor, now=at or timezone.now())


def test_publish_opens_a_notice_window_of_the_contests_days_and_tells_the_teams(
    boss, django_capture_on_commit_callbacks
):
    round_, entries = scored_round(notice_days=5)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish_results(round_, actor=boss, now=now)

    publication.refresh_from_db()
    assert (publication.notice_days, publication.published_at, publication.notice_ends_at) == (
        5,
        now,
        now + timedelta(days=5),
    )
    assert publication.notice_is_open(now + timedelta(days=5) - timedelta(seconds=1))
    assert not publication.notice_is_open(now + timedelta(days=5))
    event = AuditEvent.objects.get(action="results.publish")
    assert (event.actor, event.contest, event.object_id, event.after["entries"]) == (
        boss,
        round_.contest,
        str(publication.pk),
        2,
    )
    # Every member of both teams, one message each.
    expected = sorted(m.user.email for e in entries for m in e.team.memberships.all())
    assert sorted(m.to[0] for m in mail.outbox) == expected
    assert "公示" in mail.outbox[0].subject


def test_publish_is_refused_without_computed_results(boss):
    round_ = RoundFactory(contest=ContestFactory())
    with pytest.raises(ContestError, match="还没有计算成绩"):
        publish_results(round_, actor=boss)
    assert not ResultPublication.objects.exists()
    assert not AuditEvent.objects.filter(action="results.publish").exists()


def test_publish_is_refused_a_second_time(boss):
    round_, _entries = scored_round()
    first = published(round_, boss)
    with pytest.raises(ContestError, match="不能重复公布"):
        publish_results(round_, actor=boss)
    assert list(ResultPublication.objects.all()) == [first]


def test_only_organisers_publish_or_finalise():
    round_, entries = scored_round()
    team_leader = leader_of(entries[0].team)
    with pytest.raises(ContestError, match="只有大赛组织者"):
        publish_results(round_, actor=team_leader)
    assert not ResultPublication.objects.exists()
    published(round_, organiser(), at=timezone.now() - timedelta(days=30))
    with pytest.raises(ContestError, match="只有大赛组织者"):
        finalise_results(round_, actor=team_leader)
    assert ResultPublication.objects.get().finalised_at is None


def test_finalise_is_refused_while_the_notice_window_is_open(boss):
    round_, _entries = scored_round(notice_days=5)
    start = timezone.now()
    publication = published(round_, boss, at=start)
    one_second_early = publication.notice_ends_at - timedelta(seconds=1)
    with pytest.raises(ContestError, match=r"公示期尚未结束（截止 .*北京时间）") as info:
        finalise_results(round_, actor=boss, now=one_second_early)
    assert info.value.code == "finalise"
    publication.refresh_from_db()
    assert publication.finalised_at is None
    assert not AuditEvent.objects.filter(action="results.finalise").exists()


def test_finalise_is_refused_while_an_appeal_is_pending_then_works_once_reviewed(boss):
    round_, entries = scored_round()
    start = timezone.now() - timedelta(days=10)
    publication = published(round_, boss, at=start)
    appeal = Appeal.objects.create(
        round=round_, team=entries[0].team, entry=entries[0], reasons="评分与评审标准不符，请复核。",
        filed_by=leader_of(entries[0].team), filed_at=start + timedelta(days=1),
    )  # fmt: skip
    with pytest.raises(ContestError, match="还有 1 件申诉待复核"):
        finalise_results(round_, actor=boss)
    publication.refresh_from_db()
    assert publication.finalised_at is None

    Appeal.objects.filter(pk=appeal.pk).update(status=AppealStatus.REJECTED, review="经复核，评分无误。")
    now = timezone.now()
    finalise_results(round_, actor=boss, now=now)
    publication.refresh_from_db()
    assert (publication.finalised_by, publication.finalised_at, publication.is_final) == (boss, now, True)
    event = AuditEvent.objects.get(action="results.finalise")
    assert (event.before["finalised_at"], event.after["finalised_at"] is not None) == (None, True)


def test_finalise_is_refused_before_publication_and_after_finalising(boss):
    round_, _entries = scored_round()
    with pytest.raises(ContestError, match="尚未公布"):
        finalise_results(round_, actor=boss)
    published(round_, boss, at=timezone.now() - timedelta(days=30))
    finalise_results(round_, actor=boss)
    with pytest.raises(ContestError, match=r"已于 .* 确定为最终结果"):
        finalise_results(round_, actor=boss)
    assert AuditEvent.objects.filter(action="results.finalise").count() == 1


# The organiser's page ---------------------------------------------------------------------------


def test_publication_page_publishes_only_after_confirmation(client, boss, django_capture_on_commit_callbacks):
    round_, _entries = scored_round(notice_days=7)
    client.force_login(boss)
    url = reverse("outcomes_publication:round", args=[round_.pk])

    page = client.get(url).content.decode()
    assert "公示期为 7 天" in page
    assert "本轮没有申诉。" in page

    refused = client.post(url, {"action": "publish"})
    assert refused.status_code == 200
    assert "请勾选确认后再提交。" in refused.content.decode()
    assert not ResultPublication.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"action": "publish", "publish-confirm": "on"}, follow=True)
    publication = ResultPublication.objects.get(round=round_)
    text = done.content.decode()
    assert "结果已公布，公示期 7 天" in text
    assert "初步结果（公示中）" in text
    assert publication.published_by == boss


def test_publication_page_refuses_to_finalise_during_the_window_with_the_reason(client, boss):
    round_, _entries = scored_round()
    publication = published(round_, boss)
    client.force_login(boss)
    url = reverse("outcomes_publication:round", args=[round_.pk])
    response = client.post(url, {"action": "finalise", "finalise-confirm": "on"})
    assert "公示期尚未结束" in response.content.decode()
    publication.refresh_from_db()
    assert publication.finalised_at is None


def test_publication_page_finalises_after_the_window(client, boss):
    round_, _entries = scored_round()
    publication = published(round_, boss, at=timezone.now() - timedelta(days=30))
    client.force_login(boss)
    url = reverse("outcomes_publication:round", args=[round_.pk])
    response = client.post(url, {"action": "finalise", "finalise-confirm": "on"}, follow=True)
    assert "本轮结果已确定为最终结果。" in response.content.decode()
    publication.refresh_from_db()
    assert publication.finalised_by == boss


def test_publication_pages_are_for_organisers_only(client):
    round_, entries = scored_round()
    staff = UserFactory(is_staff=True)
    urls = [reverse("outcomes_publication:index"), reverse("outcomes_publication:round", args=[round_.pk])]
    for user in (leader_of(entries[0].team), staff):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert "公布结果并开始公示" not in response.content.decode()
        client.post(urls[1], {"action": "publish", "publish-confirm": "on"})
    assert not ResultPublication.objects.exists()


def test_index_and_round_dashboard_link_to_the_publication_page(client, boss):
    round_, _entries = scored_round()
    published(round_, boss)
    client.force_login(boss)
    url = reverse("outcomes_publication:round", args=[round_.pk])
    index = client.get(reverse("outcomes_publication:index")).content.decode()
    assert url in index
    assert "公示中，截止" in index
    dashboard = client.get(reverse("judging_rounds:round", args=[round_.pk])).content.decode()
    assert url in dashboard


def test_index_names_each_round_once_and_counts_only_the_pending_appeals(client, boss):
    round_, entries = scored_round(entries=3)
    round_.contest.name = "2026大赛"
    round_.contest.save()
    start = timezone.now() - timedelta(days=1)
    published(round_, boss, at=start)
    for entry, status in zip(entries, [AppealStatus.PENDING, AppealStatus.REJECTED, AppealStatus.UPHELD], strict=True):
        Appeal.objects.create(
            round=round_, team=entry.team, entry=entry, reasons="评分与评审标准不符，请复核。", status=status,
            filed_by=leader_of(entry.team), filed_at=start + timedelta(hours=1),
        )  # fmt: skip
    client.force_login(boss)

    response = client.get(reverse("outcomes_publication:index"))

    row = response.context["rounds"][0]
    html = response.content.decode()
    assert f">{round_}</a>" in html
    assert html.count("2026大赛") == 1
    assert row.pending == 1
    assert '<td class="num"><span class="flag">1</span></td>' in html
