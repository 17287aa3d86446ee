"""The judge's score form and the team's entry form, review, receipt and withdraw pages in Chromium,
at a laptop's 1366×900 and a phone's 390×844: what a demanding user sees (invalid scores refused,
Enter returns to the criterion, the data-resource picker — one line per box, a search that adds —,
the receipt's hashes inside the page) and no serious or critical axe finding on any of them.
Screenshots go to the screenshot directory (``screenshot`` fixture)."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.test import Client

from contests.models import EntryFile, EntryRevision, Score, ScoreStatus
from tests.contests.factories import TeamFactory, UserFactory
from tests.contests.factories.entries import DataResourceFactory, pdf_upload, ready_entry
from tests.contests.factories.judging import JudgeFactory, assign, judging_setup

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}
LAPTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
DEPARTMENTS = ["省民政厅", "省医保局", "省卫生健康委", "省人力资源社会保障厅", "省大数据局"]


def sign_in(page, live_site, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_site}])


def blocking_axe(page):
    """Serious and critical axe violations of the page as it is now."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [v for v in violations if v["impact"] in BLOCKING]


def test_judge_form_refuses_invalid_scores_returns_to_the_criterion_and_is_accessible(
    page, page_errors, live_site, screenshot
):
    contest, round_, tracks, _judges, (entry,) = judging_setup(judges=0, entries=1)
    judge = JudgeFactory(contest=contest, tracks=tracks, name="郑评审")
    mine = assign(round_, entry, judge)
    upload = pdf_upload()
    proposal = EntryFile(
        entry=entry, kind="proposal", original_name="方案书.pdf", content_type="application/pdf",
        size=upload.size, sha256="", uploaded_by=entry.created_by,
    )  # fmt: skip
    proposal.file.save("upload", upload, save=True)
    criteria = list(round_.criteria.order_by("sort_order"))
    url = f"{live_site}/judging/a/{mine.code}/"
    sign_in(page, live_site, judge.user)
    page.set_viewport_size(LAPTOP)
    page.goto(url)
    findings = {}

    # 30 out of 25: the total shows "—" and the field says why, instead of a clamped 85.00.
    for criterion, value in zip(criteria, ["30", "21.5", "18", "16", "9"], strict=True):
        page.fill(f"#id_criterion_{criterion.pk}", value)
    first = f"criterion_{criteria[0].pk}"
    assert page.inner_text("#running-total") == "—"
    assert page.inner_text(f"#{first}-error") == "分数应在 0 到 25 之间。"
    assert page.get_attribute(f"#id_{first}", "aria-invalid") == "true"
    page.fill(f"#id_{first}", "22")
    assert page.inner_text("#running-total") == "86.50"
    assert page.is_hidden(f"#{first}-error")
    # The proposal opens in a new tab, so the form (and what is typed in it) stays.
    assert page.get_attribute("a[href$='/files/1/']", "target") == "_blank"

    # Enter in the second score saves the draft and comes back to that criterion, not the top.
    page.focus(f"#id_criterion_{criteria[1].pk}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}#criterion-{criteria[1].pk}")
    assert Score.objects.get(assignment=mine).status == ScoreStatus.DRAFT
    assert page.input_value(f"#id_{first}") == "22"  # saved as 22.0, shown as 22
    assert page.input_value(f"#id_criterion_{criteria[1].pk}") == "21.5"
    findings["judge form 1366"] = blocking_axe(page)
    screenshot("judge-form-1366x900")

    page.set_viewport_size(PHONE)
    page.goto(url)
    findings["judge form 390"] = blocking_axe(page)
    screenshot("judge-form-390x844")

    page.fill("#id_comment", "数据融合思路清晰，监测指标体系完整，建议补充运维成本测算与推广计划。")
    page.click("button[value=submit]")
    page.wait_for_selector("#confirm-heading")
    assert Score.objects.get(assignment=mine).status == ScoreStatus.DRAFT
    findings["judge confirmation 390"] = blocking_axe(page)
    screenshot("judge-confirm-390x844")
    page.click("button[value=submit]")
    page.wait_for_selector("text=评分已提交")
    assert page.inner_text(".next-entry").startswith("本轮分配给你的作品已全部提交评分。")
    assert findings == {name: [] for name in findings}, json.dumps(findings, ensure_ascii=False, indent=1)
    assert page_errors == []


def test_entry_checklist_review_receipt_and_withdraw_pages(page, page_errors, live_site, screenshot):
    leader = UserFactory(email="leader@layout.example", real_name="林海燕")
    entry = ready_entry(team=TeamFactory(name="银发守护队", created_by=leader), title="独居老人主动关怀平台")
    resources = [
        DataResourceFactory(name=f"{department[1:3]}数据资源{n}", department=department)
        for department in DEPARTMENTS
        for n in range(1, 6)
    ][:24]
    entry.track.data_resources.add(*resources[:4])
    entry_url = f"{live_site}/portal/entries/{entry.uuid}/"
    sign_in(page, live_site, leader)
    findings = {}

    page.set_viewport_size(LAPTOP)
    page.goto(entry_url + "edit/")
    picker = page.locator(".resource-picker")
    # The track's four resources are offered as boxes, each on the line of its label, left of the text.
    assert picker.locator("li label").count() == 4
    item = picker.locator("li label").first
    box, label = item.locator("input").bounding_box(), item.bounding_box()
    assert label["height"] < 40  # one line
    assert (
        label["x"] <= box["x"] < label["x"] + 10
        and box["y"] >= label["y"]
        and box["y"] + box["height"] <= label["y"] + label["height"]
    )
    # The rest of the catalogue is searched, never listed: 医保 finds the five 医保 resources here.
    search = picker.locator("[data-picker-search]")
    search.fill("医保")
    search.press("Enter")
    found = picker.locator("[data-picker-results] li")
    found.first.wait_for()
    assert found.count() >= 5 and all("医保" in text for text in found.all_inner_texts())
    found.first.locator("button").click()
    assert picker.locator("[data-picker-chosen] input:checked").count() == 1
    findings["entry form 1366"] = blocking_axe(page)
    picker.screenshot(path=str(screenshot("entry-form-1366x900").with_name("entry-data-resources-1366x900.png")))

    page.set_viewport_size(PHONE)
    page.goto(entry_url + "edit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    findings["entry form 390"] = blocking_axe(page)
    page.locator(".resource-picker").screenshot(
        path=str(screenshot("entry-form-390x844").with_name("entry-data-resources-390x844.png"))
    )

    # The review before submitting, then the receipt: hashes wrap inside the page at 390 px.
    page.goto(entry_url + "submit/")
    findings["review 390"] = blocking_axe(page)
    screenshot("review-390x844")
    page.click("button:has-text('确认提交')")
    page.wait_for_url(re.compile(r".*/receipts/SY\d{4}-[0-9A-F]+/$"))
    assert EntryRevision.objects.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    hash_fits = page.evaluate(
        "() => [...document.querySelectorAll('.file-table code.hash')]"
        ".every(code => code.getBoundingClientRect().right <= document.documentElement.clientWidth)"
    )
    name_width = page.locator(".file-table td.col-name").first.bounding_box()["width"]
    assert hash_fits and name_width > 200
    findings["receipt 390"] = blocking_axe(page)
    screenshot("receipt-390x844")
    page.set_viewport_size(LAPTOP)
    name_width = page.locator(".file-table td.col-name").first.bounding_box()["width"]
    assert name_width > 150  # never one character per line
    screenshot("receipt-1366x900")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".receipt-actions").is_hidden()
    page.emulate_media(media="screen")

    page.goto(entry_url + "withdraw/")
    findings["withdraw 1366"] = blocking_axe(page)
    assert findings == {name: [] for name in findings}, json.dumps(findings, ensure_ascii=False, indent=1)
    assert page_errors == []
