"""The team's data page and the downloads, through the portal and by URL guessing."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contests.models import AgreementAcceptance, DataDownload, DataRequest, TeamMembership
from contests.services import datadesk as desk
from tests.contests.datadesk.builders import FILE_BYTES, make_file, new_agreement_version
from tests.contests.factories import UserFactory

pytestmark = pytest.mark.django_db


def page_url(world):
    return reverse("contests:team_data", kwargs={"pk": world.ours.team.pk})


def apply_url(world):
    return reverse("contests:team_data_apply", kwargs={"pk": world.ours.team.pk})


def download_links(html):
    return re.findall(r'href="(/portal/data/download/[^"]+/)"', html)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# ---------------------------------------------------------------- the page


def test_the_page_shows_each_offer_by_its_access_level(client, world):
    client.force_login(world.ours.leader)
    html = client.get(page_url(world)).content.decode()
    assert "基层医疗资源精准配置" in html and "省卫生健康委员会" in html
    assert 'href="https://data.example.cn/open.csv"' in html  # open: the link
    assert "https://sandbox.example.cn" in html  # sandbox: the instructions
    assert "仅用于本次大赛，不得外传。" in html  # agreement: its text
    assert download_links(html) == []  # nothing to download before approval


def test_the_team_detail_and_dashboard_link_to_the_data_page(client, world):
    client.force_login(world.ours.member)
    for url in (reverse("contests:team_detail", kwargs={"pk": world.ours.team.pk}), reverse("contests:dashboard")):
        assert page_url(world) in client.get(url).content.decode()


def test_an_adviser_sees_the_page_without_the_apply_form(client, world):
    client.force_login(world.ours.adviser)
    html = client.get(page_url(world)).content.decode()
    assert "仅用于本次大赛" in html and apply_url(world) not in html


def test_another_team_and_outsiders_get_404(client, world):
    for user in (world.theirs.leader, UserFactory(), world.unit_user):
        client.force_login(user)
        assert client.get(page_url(world)).status_code == 404


# ---------------------------------------------------------------- applying through the portal


def test_apply_asks_for_confirmation_then_creates_the_request(client, world):
    client.force_login(world.ours.leader)
    agreement = desk.current_agreement(world.offer)
    data = {"offers": [world.offer.pk], "purpose": "分析门诊量分布", "agree": [agreement.pk]}
    review = client.post(apply_url(world), data)
    html = review.content.decode()
    assert "确认数据申请" in html and "5 个工作日内" in html and 'name="confirm" value="yes"' in html
    assert not DataRequest.objects.exists() and not AgreementAcceptance.objects.exists()

    response = client.post(apply_url(world), {**data, "confirm": "yes"}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302 and response.url == page_url(world)
    request = DataRequest.objects.get()
    assert (request.team, request.offer, request.requested_by) == (world.ours.team, world.offer, world.ours.leader)
    acceptance = AgreementAcceptance.objects.get()
    assert (acceptance.user, acceptance.ip_address) == (world.ours.leader, "198.51.100.9")
    page = client.get(page_url(world)).content.decode()
    assert "待审批" in page and "还剩" in page and "撤回" in page


def test_apply_without_ticking_the_agreement_names_the_resource(client, world):
    client.force_login(world.ours.leader)
    response = client.post(apply_url(world), {"offers": [world.offer.pk], "purpose": "分析", "confirm": "yes"})
    assert response.status_code == 200
    assert "请阅读并勾选同意“基层门诊就诊数据”的数据使用协议" in response.content.decode()
    assert not DataRequest.objects.exists()


def test_apply_for_another_teams_offer_is_refused(client, world):
    client.force_login(world.ours.leader)
    agreement = desk.current_agreement(world.foreign_offer)
    response = client.post(
        apply_url(world),
        {"offers": [world.foreign_offer.pk], "purpose": "分析", "agree": [agreement.pk], "confirm": "yes"},
    )
    assert response.status_code == 200 and "所选数据不可申请" in response.content.decode()
    assert not DataRequest.objects.exists()


def test_advisers_organisers_and_others_cannot_apply(client, world):
    agreement = desk.current_agreement(world.offer)
    data = {"offers": [world.offer.pk], "purpose": "分析", "agree": [agreement.pk], "confirm": "yes"}
    for user, status in ((world.ours.adviser, 403), (world.organiser, 403), (world.theirs.leader, 404)):
        client.force_login(user)
        assert client.post(apply_url(world), data).status_code == status
    assert not DataRequest.objects.exists()


def test_withdraw_through_the_portal(client, world, applied):
    client.force_login(world.ours.member)
    url = reverse("contests:data_request_withdraw", kwargs={"pk": world.ours.team.pk, "request_pk": applied.pk})
    assert client.post(url).status_code == 302
    applied.refresh_from_db()
    assert applied.status == "withdrawn"


def test_withdrawing_another_teams_request_is_404(client, world, applied):
    client.force_login(world.theirs.leader)
    url = reverse("contests:data_request_withdraw", kwargs={"pk": world.theirs.team.pk, "request_pk": applied.pk})
    assert client.post(url).status_code == 404
    applied.refresh_from_db()
    assert applied.status == "pending"


def test_a_member_accepts_the_agreement_on_the_page_to_see_the_files(client, world, approved):
    client.force_login(world.ours.member)
    html = client.get(page_url(world)).content.decode()
    assert download_links(html) == [] and "我已阅读并同意" in html
    agreement = desk.current_agreement(world.offer)
    url = reverse("contests:data_agreement_accept", kwargs={"pk": world.ours.team.pk, "agreement_pk": agreement.pk})
    assert client.post(url).status_code == 302
    assert len(download_links(client.get(page_url(world)).content.decode())) == 1


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    return len(captured), len(download_links(html))


def _apply_second(world):
    (request,) = desk.apply(
        world.ours.team, [world.second], "用途", world.ours.leader, "", timezone.now(),
        accepting=[desk.current_agreement(world.second)],
    )  # fmt: skip
    return request


def test_the_page_queries_do_not_grow_with_files_and_requests(client, world, approved, boss):
    _apply_second(world)
    client.force_login(world.ours.leader)
    client.get(page_url(world))  # the site's settings row is created on the first page ever served
    before, links = _queries(client, page_url(world))
    for n in range(5):
        make_file(world.offer, boss, name=f"附加{n}.csv")
    for _ in range(3):  # a longer history
        desk.withdraw(world.ours.team.data_requests.get(status="pending"), world.ours.leader)
        _apply_second(world)
    assert _queries(client, page_url(world)) == (before, links + 5)


# ---------------------------------------------------------------- downloads


def test_an_approved_player_downloads_and_it_is_logged(client, world, approved):
    client.force_login(world.ours.leader)
    (link,) = download_links(client.get(page_url(world)).content.decode())
    response = client.get(link, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 200
    assert body(response) == FILE_BYTES
    assert "attachment" in response["Content-Disposition"] and response["X-Content-Type-Options"] == "nosniff"
    download = DataDownload.objects.get()
    assert (download.user, download.file, download.size, download.ip_address) == (
        world.ours.leader, world.file, len(FILE_BYTES), "203.0.113.5"
    )  # fmt: skip


def _leader_link(client, world):
    client.force_login(world.ours.leader)
    (link,) = download_links(client.get(page_url(world)).content.decode())
    return link


@pytest.mark.parametrize("who", ["member_not_accepted", "adviser", "other_team", "unit", "organiser", "stranger"])
def test_someone_elses_link_serves_nothing(client, world, approved, who):
    link = _leader_link(client, world)
    user = {
        "member_not_accepted": world.ours.member,
        "adviser": world.ours.adviser,
        "other_team": world.theirs.leader,
        "unit": world.unit_user,
        "organiser": world.organiser,
        "stranger": UserFactory(),
    }[who]
    client.force_login(user)
    assert client.get(link).status_code == 404
    assert not DataDownload.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, world, approved):
    link = _leader_link(client, world)
    client.logout()
    response = client.get(link)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not DataDownload.objects.exists()


def test_a_former_member_is_refused(client, world, approved):
    link = _leader_link(client, world)
    TeamMembership.objects.filter(team=world.ours.team, user=world.ours.leader).delete()
    assert client.get(link).status_code == 404
    assert not DataDownload.objects.exists()


def test_a_revoked_request_is_refused(client, world, approved):
    link = _leader_link(client, world)
    desk.revoke(approved, world.unit_user, "违规", timezone.now())
    assert client.get(link).status_code == 404
    assert not DataDownload.objects.exists()


def test_a_new_agreement_version_blocks_the_old_link(client, world, approved, boss):
    link = _leader_link(client, world)
    new_agreement_version(world.offer, boss)
    assert client.get(link).status_code == 404
    assert not DataDownload.objects.exists()


@pytest.mark.clock
def test_an_expired_link_is_refused(client, world, approved):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        link = _leader_link(client, world)
        traveller.shift(timedelta(minutes=11))
        assert client.get(link).status_code == 404
    assert not DataDownload.objects.exists()


@pytest.mark.clock
def test_access_ends_with_the_contest(client, world, approved):
    # A link shown five minutes before the end is still fresh when access ends, and refused then.
    with time_machine.travel(approved.access_ends_at - timedelta(minutes=5), tick=False) as traveller:
        link = _leader_link(client, world)
        traveller.shift(timedelta(minutes=5))
        assert client.get(link).status_code == 404
        assert download_links(client.get(page_url(world)).content.decode()) == []
    assert not DataDownload.objects.exists()


def test_a_pending_or_rejected_request_serves_nothing_even_with_a_forged_token(client, world, applied):
    client.force_login(world.ours.leader)
    token = desk.download_token(applied, world.file, world.ours.leader)  # never shown, but signed
    url = reverse("contests:data_download", kwargs={"token": token})
    assert client.get(url).status_code == 404
    desk.decide(applied, world.unit_user, False, "不同意", applied.version, timezone.now())
    assert client.get(url).status_code == 404
    assert not DataDownload.objects.exists()


@pytest.mark.parametrize("token", ["1", "abc:def", "eyJ1IjoxLCJyIjoxLCJmIjoxfQ:1vXyZa:forged", "x" * 300])
def test_guessed_tokens_are_refused(client, world, approved, token):
    client.force_login(world.ours.leader)
    assert client.get(reverse("contests:data_download", kwargs={"token": token})).status_code == 404
    assert not DataDownload.objects.exists()


def test_a_tampered_token_is_refused(client, world, approved):
    link = _leader_link(client, world)
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert client.get(reverse("contests:data_download", kwargs={"token": tampered})).status_code == 404
    assert not DataDownload.objects.exists()


def test_a_removed_file_is_refused(client, world, approved):
    link = _leader_link(client, world)
    world.file.removed_at = timezone.now()
    world.file.save()
    assert client.get(link).status_code == 404
    assert not DataDownload.objects.exists()
