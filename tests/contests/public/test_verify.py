"""Certificates anyone can verify: the service (what a number shows, and when) and /verify/ (lookup
form, the page, one 404 for every kind of "no", the rate limit, English, never cached)."""

from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contests.models import Award, AwardCategory, AwardLevel, ResultPublication
from contests.services.outcomes.awards import grant_award, revoke_award
from contests.services.outcomes.verification import normalise_number, verification_url, verify_certificate
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory, UserFactory
from tests.contests.factories.entries import add_member, leader_of
from tests.contests.factories.judging import eligible_entry, organiser

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# 2025-07-22 23:30 in Shanghai is still the 22nd there (UTC: 15:30): the page shows the local date.
AWARDED = datetime(2025, 7, 22, 23, 30, tzinfo=SHANGHAI)


def publish(round_, boss, *, final):
    now = timezone.now()
    return ResultPublication.objects.create(
        round=round_, notice_days=7, published_by=boss, published_at=now - timedelta(days=10),
        notice_ends_at=now - timedelta(days=3), finalised_by=boss if final else None,
        finalised_at=now if final else None,
    )  # fmt: skip


@pytest.fixture
def world():
    contest = ContestFactory(name="2025 数据应用创新大赛")
    round_ = RoundFactory(contest=contest, number=1)
    track = TrackFactory(contest=contest, name="城市治理")
    entry = eligible_entry(contest, track, title="城市内涝风险智能预警")
    entry.team.name, entry.team.organisation = "内涝预警小队", "山东某大学"
    entry.team.save()
    leader = leader_of(entry.team)
    leader.real_name = "张队长"
    leader.save()
    add_member(entry.team, UserFactory(real_name="李队员"))
    category = AwardCategory.objects.create(contest=contest, name="一等奖", level=AwardLevel.FIRST, quota=1)
    boss = organiser()
    award = grant_award(entry, category, round_=round_, actor=boss, reason="评审委员会决定")
    Award.objects.filter(pk=award.pk).update(awarded_at=AWARDED)
    award.refresh_from_db()
    return {"contest": contest, "round": round_, "award": award, "boss": boss, "entry": entry}


@pytest.fixture
def final(world):
    publish(world["round"], world["boss"], final=True)
    return world["award"]


def page(client, number, prefix=""):
    return client.get(f"{prefix}/verify/{number}/")


# The number ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("ABCDEF123456", "ABCDEF123456"),
        ("abcdef123456", "ABCDEF123456"),
        (" abcd-ef12-3456 ", "ABCDEF123456"),
        ("ABCD EF12 3456", "ABCDEF123456"),
        ("ＡＢＣＤ－ＥＦ１２－３４５６", "ABCDEF123456"),  # typed with a Chinese input method (full width)
        ("ABCD—EF12—3456", "ABCDEF123456"),
        ("ABCDEF12345", None),  # one short
        ("ABCDEF1234567", None),  # one too many
        ("ABCDEG123456", None),  # G is no hex digit
        ("", None),
        (None, None),
        ("A" * 65, None),
        ("ABCDEF123456\x00", None),
    ],
)
def test_normalise_number_is_tolerant_of_how_people_type_it(typed, number):
    assert normalise_number(typed) == number


def test_verification_url_is_absolute_and_unprefixed(settings):
    from django.utils import translation

    with translation.override("en"):
        assert verification_url("ABCDEF123456") == "http://testserver/verify/ABCDEF123456/"


# The service ---------------------------------------------------------------------------------------


def test_final_award_verifies_with_public_facts_only(final, world):
    certificate = verify_certificate(final.certificate_number.lower())
    assert certificate is not None
    assert (
        certificate.number, certificate.award_name, certificate.team_name, certificate.team_organisation,
        certificate.entry_title, certificate.contest_name, certificate.track_name, certificate.awarded_on,
        certificate.revoked_on, certificate.valid,
    ) == (
        final.certificate_number, "一等奖", "内涝预警小队", "山东某大学", "城市内涝风险智能预警",
        "2025 数据应用创新大赛", "城市治理", AWARDED.date(), None, True,
    )  # fmt: skip


def test_award_under_notice_or_unpublished_does_not_verify(world):
    number = world["award"].certificate_number
    assert verify_certificate(number) is None
    publish(world["round"], world["boss"], final=False)  # 公示: not public yet
    assert verify_certificate(number) is None


def test_revoked_award_verifies_as_revoked_with_its_local_date(final, world):
    with time_machine.travel(datetime(2025, 9, 1, 7, 0, tzinfo=SHANGHAI), tick=False):
        revoke_award(final, actor=world["boss"], reason="内部原因：数据授权存疑")
    certificate = verify_certificate(final.certificate_number)
    assert (certificate.valid, certificate.revoked_on) == (False, datetime(2025, 9, 1).date())


# The pages -----------------------------------------------------------------------------------------


def test_valid_certificate_page(client, final):
    response = page(client, final.certificate_number)
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("有效", "一等奖", "内涝预警小队", "山东某大学", "城市内涝风险智能预警", "2025 数据应用创新大赛",
                  "城市治理", "2025年7月22日", final.certificate_number):  # fmt: skip
        assert shown in html, shown
    assert '<meta name="robots" content="noindex, nofollow">' in html
    # Privacy: no member names on a public page.
    assert "张队长" not in html and "李队员" not in html
    assert "已撤销" not in html


def test_revoked_certificate_page_shows_revocation_at_once_but_not_the_reason(client, final, world):
    assert "有效" in page(client, final.certificate_number).content.decode()
    with time_machine.travel(datetime(2025, 9, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        revoke_award(final, actor=world["boss"], reason="内部原因：数据授权存疑")
    response = page(client, final.certificate_number)
    html = response.content.decode()
    assert response.status_code == 200
    assert "已撤销" in html and "该奖项已于 2025年9月1日 撤销" in html
    assert "内部原因" not in html and "数据授权存疑" not in html
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("kind", ["unknown", "malformed", "unpublished", "under_notice"])
def test_every_kind_of_no_is_the_same_404(client, world, kind):
    number = world["award"].certificate_number
    if kind == "unknown":
        number = "0" * 12 if number != "0" * 12 else "1" * 12
    elif kind == "malformed":
        number = "NOT-A-NUMBER"
    elif kind == "under_notice":
        publish(world["round"], world["boss"], final=False)
    response = page(client, number)
    assert response.status_code == 404
    html = response.content.decode()
    assert "未找到该证书" in html
    assert "内涝预警小队" not in html and "一等奖" not in html and "城市内涝风险智能预警" not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_hand_typed_number_in_the_address_redirects_to_the_canonical_one(client, final):
    number = final.certificate_number
    typed = f"{number[:4].lower()}-{number[4:8].lower()}-{number[8:]}"
    response = page(client, typed)
    assert (response.status_code, response["Location"]) == (302, f"/verify/{number}/")


def test_lookup_form_redirects_to_the_page_and_explains_bad_input(client):
    response = client.get(reverse("contests:verify_lookup"))
    assert response.status_code == 200
    assert 'name="number"' in response.content.decode()
    response = client.get(reverse("contests:verify_lookup"), {"number": " abcd ef12 3456 "})
    assert (response.status_code, response["Location"]) == (302, "/verify/ABCDEF123456/")
    response = client.get(reverse("contests:verify_lookup"), {"number": "12345"})
    assert response.status_code == 400
    assert "证书编号为 12 位字母和数字。" in response.content.decode()
    response = client.get(reverse("contests:verify_lookup"), {"number": ""})
    assert response.status_code == 400
    assert "请输入证书编号。" in response.content.decode()


def test_lookups_are_rate_limited_per_client(client, final, settings):
    settings.THROTTLES = {**settings.THROTTLES, "certificate_verify": (3, 600)}
    # The window's expiry is read off the pinned clock: a cache in this process follows it, Redis would not.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid4().hex}}
    start = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=False) as clock:
        assert [page(client, final.certificate_number).status_code for _ in range(3)] == [200, 200, 200]
        # Unknown numbers count too: probing is what the limit is for.
        response = page(client, "0" * 12)
        assert response.status_code == 429
        html = response.content.decode()
        assert "核验过于频繁" in html and "内涝预警小队" not in html
        assert response["Retry-After"] == "600"
        # Another client is not affected.
        assert page(Client(REMOTE_ADDR="10.9.8.7"), final.certificate_number).status_code == 200
        clock.shift(timedelta(seconds=601))
        assert page(client, final.certificate_number).status_code == 200


def test_english_page(client, final, world):
    with time_machine.travel(datetime(2025, 9, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        revoke_award(final, actor=world["boss"], reason="原因")
    response = page(client, final.certificate_number, "/en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "<strong>Revoked</strong>" in html and "Certificate verification" in html
    assert "This award was revoked on 1 September 2025; the certificate is no longer valid." in html
    # The entry's own words stay as entered.
    assert "城市内涝风险智能预警" in html
    assert "<dt>Team</dt>" in html and "<dt>Teams</dt>" not in html  # one team, not "Teams"
    missing = page(client, "0" * 12, "/en")
    assert missing.status_code == 404 and "Certificate not found" in missing.content.decode()
    lookup = client.get("/en/verify/", {"number": final.certificate_number.lower()})
    assert lookup["Location"] == f"/en/verify/{final.certificate_number}/"


def test_team_certificate_panel_links_the_verification_page_once_results_are_final(world):
    from django.template.loader import render_to_string

    entry, award = world["entry"], world["award"]
    entry.refresh_from_db()
    link = f'href="/verify/{award.certificate_number}/"'
    publication = publish(world["round"], world["boss"], final=False)
    panel = render_to_string("contests/outcomes/awards/certificate_panel.html", {"entry": entry})
    assert award.certificate_number in panel and link not in panel
    ResultPublication.objects.filter(pk=publication.pk).update(finalised_at=timezone.now(), finalised_by=world["boss"])
    entry = type(entry).objects.get(pk=entry.pk)
    panel = render_to_string("contests/outcomes/awards/certificate_panel.html", {"entry": entry})
    assert link in panel and "在线核验" in panel
