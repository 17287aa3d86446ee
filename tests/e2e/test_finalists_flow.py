"""Finalist confirmation in Chromium: a finalist's leader reads the request on the entry page,
declines with a reason after a page that says it is final; the organiser sees the decline and fills
the place from the waitlist after a page that names the entry; the replacement's leader then finds
its own request on the portal. axe runs on the team's pages (panel, answer forms, their errors) and
on the organiser's pages, as test_accessibility_outcomes does.

Data come from the finalists test helpers (stored rankings, the real services), with the clock real:
the deadline is three days ahead.
"""

import json
from datetime import timedelta

from django.utils import timezone

from contests.models.finalists import FinalistConfirmation, FinalistStatus
from tests.contests.finalists.helpers import build, confirmation_of, leader
from tests.e2e.test_accessibility import BLOCKING, sign_in
from tests.e2e.test_accessibility_outcomes import _violations

REASON = "核心成员 7 月赴外省驻场实施，无法参加决赛答辩。"


def test_team_declines_organiser_replaces_and_the_replacement_is_asked(page, live_site):
    now = timezone.now()
    world = build(now=now, deadline=now + timedelta(days=3))
    declining, waiting = world.h[1], world.h[2]
    confirmation = confirmation_of(world, declining)
    findings = {}

    def check(label):
        findings[label] = _violations(page)

    # 1. The finalist's leader: the entry page asks; the decline page says it is final.
    sign_in(page, live_site, leader(declining))
    page.goto(f"{live_site}/portal/")
    page.wait_for_selector("#finalists-heading")
    check("portal")
    page.goto(f"{live_site}/portal/entries/{declining.uuid}/")
    panel = page.locator(".finalist-panel")
    assert "前确认参加决赛" in panel.inner_text()
    check("entry")
    panel.get_by_role("link", name="放弃晋级").click()
    assert "放弃晋级是最终决定" in page.locator("main").inner_text()
    check("decline")
    page.eval_on_selector("form.stack-form", "form => form.noValidate = true")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_selector("[role=alert]")
    check("decline (errors)")
    page.fill("textarea[name=reason]", REASON)
    page.check("input[name=confirmed]")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_selector(".finalist-panel")
    assert "放弃晋级" in page.locator(".finalist-panel").inner_text() and REASON in page.content()
    confirmation.refresh_from_db()
    assert confirmation.status == FinalistStatus.DECLINED

    # 2. The organiser: the decision's finalists, then the replacement page and its confirmation.
    sign_in(page, live_site, world.boss)
    page.goto(f"{live_site}/admin/outcomes/finalists/decisions/{world.decision.pk}/")
    assert REASON in page.locator("main").inner_text()
    check("organiser decision")
    page.click(f"a[href='/admin/outcomes/finalists/confirmations/{confirmation.pk}/replace/']")
    page.wait_for_selector(".confirm-box")
    assert waiting.title in page.locator(".confirm-box").inner_text()
    check("organiser replace")
    deadline = timezone.localtime(now + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
    page.fill("input[name=deadline]", deadline)
    page.check("input[name=confirmed]")
    page.click(".confirm-box button[type=submit]")
    page.wait_for_selector("text=已递补")
    replacement = FinalistConfirmation.objects.get(replaces=confirmation)
    assert (replacement.entry_id, replacement.status) == (waiting.pk, FinalistStatus.PENDING)

    # 3. The replacement's leader finds the request, says it came from the waitlist, and confirms.
    sign_in(page, live_site, leader(waiting))
    page.goto(f"{live_site}/portal/")
    assert waiting.title in page.locator(".finalist-row").inner_text()
    page.goto(f"{live_site}/portal/entries/{waiting.uuid}/")
    assert "你们的作品由候补名单递补晋级。" in page.locator(".finalist-panel").inner_text()
    page.locator(".finalist-panel").get_by_role("link", name="确认参赛").click()
    check("confirm")
    page.check("input[name=confirmed]")
    page.click("form.stack-form button[type=submit]")
    page.wait_for_selector(".finalist-panel")
    assert "已确认参赛" in page.locator(".finalist-panel").inner_text()

    summary = {
        name: {f"{v['impact']}:{v['id']}": len(v["nodes"]) for v in violations} for name, violations in findings.items()
    }
    print("axe:", json.dumps(summary, ensure_ascii=False))
    blocking = {
        label: [v for v in violations if v["impact"] in BLOCKING]
        for label, violations in findings.items()
        if any(v["impact"] in BLOCKING for v in violations)
    }
    assert blocking == {}, json.dumps({"blocking": blocking, "all": summary}, ensure_ascii=False, indent=1)
