"""axe-core in Chromium over the data desk: the team's data page (before and after approval, and the
apply form with its errors), the confirmation step, the unit's list, decision, confirmation, revoke
and access-log pages. No serious or critical violation; the rest is printed. Also the flow a team and
a unit go through in a real browser: apply (agreement ticked, confirmed) → approve → download."""

import json

from contests.models import DataDownload, DataRequest
from contests.services import datadesk as desk
from tests.contests.datadesk.builders import data_desk_world
from tests.contests.factories import ContestFactory
from tests.contests.factories.judging import organiser
from tests.e2e.test_accessibility import BLOCKING, axe_violations, sign_in


def _check(findings):
    summary = {path: {f"{v['impact']}:{v['id']}": v["count"] for v in found} for path, found in findings.items()}
    print("axe:", json.dumps(summary, ensure_ascii=False))
    blocking = {
        path: [v for v in found if v["impact"] in BLOCKING]
        for path, found in findings.items()
        if any(v["impact"] in BLOCKING for v in found)
    }
    assert blocking == {}, json.dumps({"blocking": blocking, "all": summary}, ensure_ascii=False, indent=1)


def test_the_data_desk_in_a_browser(page, live_site):
    world = data_desk_world(ContestFactory(), organiser(email="organiser@a11y-desk.example"))
    team_page = f"/portal/teams/{world.ours.team.pk}/data/"
    findings = {}

    # The team: the page, the apply form refused (nothing ticked), then applying for real.
    sign_in(page, live_site, world.ours.leader)
    page.goto(f"{live_site}{team_page}")
    findings[team_page] = axe_violations(page)
    page.click("text=下一步：确认申请")
    page.wait_for_selector(".form-errors")
    findings[f"{team_page} (errors)"] = axe_violations(page)
    page.check(f"#apply-offer-{world.offer.pk}")
    page.fill("#id_purpose", "分析各区县门诊量分布，优化家庭医生排班。")
    page.check(f"#agree-{desk.current_agreement(world.offer).pk}")
    page.click("text=下一步：确认申请")
    page.wait_for_selector("text=确认数据申请")
    findings["apply (confirm)"] = axe_violations(page)
    page.click("text=确认提交申请")
    page.wait_for_selector("text=还剩")
    request = DataRequest.objects.get()
    assert request.status == "pending"

    # The unit: its list, the request, the confirmation; approve.
    sign_in(page, live_site, world.unit_user)
    for path in ("/unit/requests/", f"/unit/requests/{request.pk}/"):
        page.goto(f"{live_site}{path}")
        findings[path] = axe_violations(page)
    page.check("input[name=decision][value=approve]")
    page.click("text=下一步：确认")
    page.wait_for_selector("text=确认批准")
    findings["decide (confirm)"] = axe_violations(page)
    page.click("button:has-text('确认批准')")
    page.wait_for_selector("text=已批准该申请")
    request.refresh_from_db()
    assert request.status == "approved"
    page.goto(f"{live_site}/unit/requests/{request.pk}/revoke/")
    findings["revoke"] = axe_violations(page)

    # The team again: the file behind its signed link, logged.
    sign_in(page, live_site, world.ours.leader)
    page.goto(f"{live_site}{team_page}")
    findings[f"{team_page} (approved)"] = axe_violations(page)
    with page.expect_download() as download_info:
        page.click(f"text={world.file.original_name}")
    assert download_info.value.suggested_filename == world.file.original_name
    assert DataDownload.objects.filter(user=world.ours.leader, file=world.file).count() == 1

    sign_in(page, live_site, world.unit_user)
    page.goto(f"{live_site}/unit/access-log/")
    findings["/unit/access-log/"] = axe_violations(page)
    assert world.file.original_name in page.content()
    _check(findings)
