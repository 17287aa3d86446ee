"""axe-core in Chromium over the tracking survey pages: the winning team's survey (the form, its
errors, then the submitted answers) and its dashboard entry, and the organiser's survey list,
editor (with its errors) and answers. No serious or critical violation in our markup."""

import json

from tests.contests.factories import UserFactory
from tests.contests.factories.judging import organiser
from tests.contests.surveys.sweep import sweep_surveys_world
from tests.e2e.test_accessibility import BLOCKING, sign_in
from tests.e2e.test_accessibility_outcomes import _violations


def test_survey_pages_have_no_serious_or_critical_axe_violations(page, live_site):
    leader = UserFactory(email="leader@a11y-surveys.example", real_name="林海燕")
    rival = UserFactory(email="rival@a11y-surveys.example")
    staff = organiser(email="organiser@a11y-surveys.example", real_name="大赛组织者")
    world = sweep_surveys_world(leader, rival, staff)
    findings = {}

    def visit(path, shows, label=None):
        response = page.goto(f"{live_site}{path}")
        assert response.status == 200, path
        assert page.locator(shows).count() > 0, f"{path} does not show {shows}"
        findings[label or path] = _violations(page)

    def send(form, label):
        page.eval_on_selector(form, "form => form.noValidate = true")
        page.click(f"{form} button[type=submit]")
        page.wait_for_selector("[role=alert]")
        findings[label] = _violations(page)

    survey_url = f"/portal/entries/{world.entry.uuid}/surveys/{world.survey.pk}/"
    sign_in(page, live_site, leader)
    visit("/portal/", "#surveys-heading")
    visit(survey_url, "form.survey-form fieldset legend")
    send("form.survey-form", f"{survey_url} (errors)")
    page.check("#id_q_deployed_0")
    page.check("#id_q_stage_1")
    page.fill("#id_q_users", "12000")
    page.check("#id_confirm")
    page.click("form.survey-form button[type=submit]")
    page.wait_for_selector("dl.survey-answers")
    findings[f"{survey_url} (answered)"] = _violations(page)

    sign_in(page, live_site, staff)
    visit(f"/admin/outcomes/surveys/{world.contest.pk}/", "main table")
    edit = f"/admin/outcomes/surveys/survey/{world.survey.pk}/edit/"
    visit(edit, "table.survey-questions")
    page.fill("#id_q-0-label", "")
    send("main form", f"{edit} (errors)")
    visit(f"/admin/outcomes/surveys/survey/{world.survey.pk}/", "main table td")
    visit(f"/admin/outcomes/surveys/{world.contest.pk}/new/", "table.survey-questions", "new survey")

    summary = {
        path: {f"{v['impact']}:{v['id']}": len(v["nodes"]) for v in violations} for path, violations in findings.items()
    }
    print("axe:", json.dumps(summary, ensure_ascii=False))
    blocking = {
        path: [v for v in violations if v["impact"] in BLOCKING]
        for path, violations in findings.items()
        if any(v["impact"] in BLOCKING for v in violations)
    }
    assert blocking == {}, json.dumps(blocking, ensure_ascii=False, indent=1)
