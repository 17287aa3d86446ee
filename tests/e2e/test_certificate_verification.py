"""Certificates anyone can verify, in Chromium: the team downloads its certificate from the portal,
the QR code on it is scanned (the PDF page rendered and decoded, as a phone would) and opens the
verification page, which says 有效; once the award is revoked the same address says 已撤销. The
lookup form takes the number typed by hand. axe-core finds no serious or critical violation on the
lookup form (with and without its error), a valid, a revoked and an unknown certificate, in English too.
"""

import json
from datetime import timedelta

import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone

from contests.models import AwardCategory, AwardLevel, ResultPublication
from contests.services.outcomes.awards import grant_award, revoke_award
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory
from tests.contests.factories.entries import leader_of
from tests.contests.factories.judging import eligible_entry, organiser
from tests.e2e.test_accessibility import BLOCKING, axe_violations, sign_in

pytestmark = pytest.mark.e2e


def final_award(title="城市内涝风险智能预警", team_name="内涝预警小队"):
    contest = ContestFactory(name="2025 数据应用创新大赛")
    round_ = RoundFactory(contest=contest, number=1)
    entry = eligible_entry(contest, TrackFactory(contest=contest, name="城市治理"), title=title)
    entry.team.name = team_name
    entry.team.save()
    category = AwardCategory.objects.create(contest=contest, name="一等奖", level=AwardLevel.FIRST, quota=2)
    boss = organiser()
    award = grant_award(entry, category, round_=round_, actor=boss, reason="评审委员会决定")
    now = timezone.now()
    ResultPublication.objects.create(
        round=round_, notice_days=7, published_by=boss, published_at=now - timedelta(days=8),
        notice_ends_at=now - timedelta(days=1), finalised_by=boss, finalised_at=now,
    )  # fmt: skip
    return award, boss


def scan(pdf):
    """The text of the one QR code on the PDF's first page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1
    return codes[0].text


def test_scanned_certificate_verifies_and_a_revoked_one_says_revoked(page, live_site, settings, screenshot):
    settings.SITE_URL = live_site  # the QR code carries the site's address: here, the live server's
    award, boss = final_award()
    number = award.certificate_number

    sign_in(page, live_site, leader_of(award.entry.team))
    download = page.request.get(f"{live_site}/portal/certificates/{number}.pdf")
    assert download.status == 200 and download.headers["content-type"] == "application/pdf"
    url = scan(download.body())
    assert url == f"{live_site}/verify/{number}/"

    page.context.clear_cookies()  # whoever scans it is nobody in particular
    assert page.goto(url).status == 200
    status = page.locator(".verify-status")
    assert status.inner_text().startswith("有效")
    facts = page.locator("dl.entry-fields").inner_text()
    assert "内涝预警小队" in facts and "城市内涝风险智能预警" in facts and "一等奖" in facts
    screenshot("valid")

    revoke_award(award, actor=boss, reason="内部核查结论")
    assert page.goto(url).status == 200  # the same address, at once: nothing cached it
    assert page.locator(".verify-status").inner_text().startswith("已撤销")
    assert "内部核查结论" not in page.content()
    screenshot("revoked")

    # Typed by hand into the lookup form: lower case, in groups.
    page.goto(f"{live_site}/verify/")
    page.fill("#id_number", f"{number[:4].lower()} {number[4:8].lower()}-{number[8:]}")
    page.click("form.verify-form button[type=submit]")
    page.wait_for_url(f"{live_site}/verify/{number}/")
    assert page.locator(".verify-status").inner_text().startswith("已撤销")


def test_verification_pages_have_no_serious_axe_violations(page, live_site):
    valid, _boss = final_award()
    revoked, boss = final_award(title="燃气安全隐患智能巡检", team_name="燃气巡检组")
    revoke_award(revoked, actor=boss, reason="撤销")
    findings = {}
    for path, status in [
        ("/verify/", 200),
        (f"/verify/{valid.certificate_number}/", 200),
        (f"/verify/{revoked.certificate_number}/", 200),
        ("/verify/000000000000/", 404),
        (f"/en/verify/{revoked.certificate_number}/", 200),
    ]:
        assert page.goto(f"{live_site}{path}").status == status, path
        findings[path] = axe_violations(page)
    page.goto(f"{live_site}/verify/")
    page.fill("#id_number", "12345")
    page.click("form.verify-form button[type=submit]")
    page.wait_for_selector(".form-errors")
    findings["the form with its error"] = axe_violations(page)

    blocking = {
        path: [v for v in violations if v["impact"] in BLOCKING]
        for path, violations in findings.items()
        if any(v["impact"] in BLOCKING for v in violations)
    }
    assert blocking == {}, json.dumps(blocking, ensure_ascii=False, indent=1)
