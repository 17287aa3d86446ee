"""Winner due diligence in Chromium: the team's case page, its submit confirmation and the entry
page pass axe (no serious or critical violation); the team uploads both documents and submits;
the organiser fails the case through the confirmation page and confirms the award's successor."""

from contests.demo.entries import make_pdf
from contests.models import DueDiligenceCase, DueDiligenceStatus
from tests.contests.factories.due_diligence import dd_world
from tests.contests.factories.judging import organiser
from tests.e2e.test_accessibility import axe_violations, sign_in
from tests.e2e.test_accessibility_datadesk import _check


def _upload(page, kind, name):
    page.set_input_files(f"#id_{kind}-file", {"name": name, "mimeType": "application/pdf", "buffer": make_pdf([kind])})
    page.click(f"form[action$='/upload/{kind}/'] button")
    page.wait_for_selector(f"text=已上传“{name}”")


def test_team_submits_organiser_fails_and_the_award_passes_on(page, live_site):
    world = dd_world(organiser(email="organiser@dd-e2e.example"))
    case_path = f"/portal/due-diligence/{world.case.pk}/"
    findings = {}

    sign_in(page, live_site, world.leader)
    page.goto(f"{live_site}/portal/entries/{world.entries[0].uuid}/")
    findings["entry"] = axe_violations(page)
    page.click("text=提交尽职调查材料")
    page.wait_for_selector("text=组委会要求")
    findings[case_path] = axe_violations(page)
    _upload(page, "licences", "licences.pdf")
    _upload(page, "originality", "originality.pdf")
    findings[f"{case_path} (uploaded)"] = axe_violations(page)
    page.click("a[href$='/submit/']")
    page.wait_for_selector("text=提交后不能再修改或补充")
    findings["submit (confirm)"] = axe_violations(page)
    page.check("#id_confirm")
    page.click("button:has-text('确认提交')")
    page.wait_for_selector("text=尽职调查材料已提交")
    world.case.refresh_from_db()
    assert world.case.status == DueDiligenceStatus.SUBMITTED

    sign_in(page, live_site, world.request.created_by)
    page.goto(f"{live_site}/admin/awards/due-diligence/{world.case.pk}/")
    page.check("input[name=decision][value=failed]")
    page.fill("#id_reason", "未能提供第三方组件许可证明")
    page.click("text=下一步：确认审核结论")
    page.wait_for_selector("text=确认后将立即发生")
    assert world.entries[2].title in page.content()
    page.check("#id_confirm")
    page.click("button:has-text('确认不通过并撤销奖项')")
    page.wait_for_selector("text=下一位可递补的作品是")
    assert world.entries[2].title in page.inner_text(".successor-title")
    page.check("#id_confirm")
    page.click("button:has-text('确认递补')")
    page.wait_for_selector("text=递补授予")
    case = DueDiligenceCase.objects.get(pk=world.case.pk)
    assert (case.status, case.successor_award.entry) == (DueDiligenceStatus.FAILED, world.entries[2])
    assert case.award.revoked_at is not None
    _check(findings)
