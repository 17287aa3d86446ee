"""Real names and unit vetting in Chromium: a team member uploads an ID card and a student card and
submits (after the confirmation step); the 济南 division manager opens the document through the
review page and approves it; the university's contact person confirms the team."""

import io

from django.utils import timezone
from PIL import Image

from contests.models import (
    Division,
    IdentityProof,
    OrganisationContact,
    ProofStatus,
    RealNameRule,
    VettingStatus,
)
from tests.contests.factories import ContestFactory, TeamFactory, UserFactory
from tests.contests.factories.entries import add_member, make_pdf
from tests.contests.factories.judging import organiser
from tests.e2e.test_accessibility import sign_in
from tests.scenes.factories import city


def _world():
    contest = ContestFactory(slug="identity-e2e", name="2026 数据应用创新大赛", real_name_rule=RealNameRule.EITHER)
    jinan = Division.objects.create(contest=contest, node=city("jinan"), name="济南分赛区", slug="jinan", quota=2)
    team = TeamFactory(contest=contest, name="泉城数据队", organisation="山东示范大学", division=jinan)
    member = add_member(team, UserFactory(email="member@identity-e2e.example", real_name="李同学"))
    manager = UserFactory(email="manager@identity-e2e.example", real_name="济南管理员")
    jinan.managers.add(manager)
    boss = organiser(email="boss@identity-e2e.example")
    contact = OrganisationContact.objects.create(
        contest=contest, user=UserFactory(email="contact@identity-e2e.example", real_name="周主任"),
        organisation="山东示范大学", approved_by=boss, approved_at=timezone.now(),
    )  # fmt: skip
    return contest, team, member, manager, contact


def _files(tmp_path):
    png = tmp_path / "身份证.png"
    out = io.BytesIO()
    Image.new("RGB", (40, 25), "white").save(out, format="PNG")
    png.write_bytes(out.getvalue())
    pdf = tmp_path / "学生证.pdf"
    pdf.write_bytes(make_pdf(["Student card"]))
    return png, pdf


def test_member_uploads_manager_approves_contact_confirms(page, live_site, screenshot, tmp_path):
    contest, team, member, manager, contact = _world()
    png, pdf = _files(tmp_path)

    sign_in(page, live_site, member)
    page.goto(f"{live_site}/portal/")
    page.click("text=我的实名认证")
    page.set_input_files("#id_id_card_file", str(png))
    page.click("#identity-kind-id_card ~ form button[type=submit]")
    page.wait_for_selector("text=身份证.png")
    page.set_input_files("#id_student_card_file", str(pdf))
    page.click("#identity-kind-student_card ~ form button[type=submit]")
    page.wait_for_selector("text=学生证.pdf")
    screenshot("member-documents")
    page.click("text=提交实名认证")
    page.fill("#id_legal_name", "李同学")
    page.check("#id_confirm")
    page.click("form.identity-submit-form button[type=submit]")
    page.wait_for_selector(".identity-status:has-text('待审')")
    proof = IdentityProof.objects.get(contest=contest, user=member)
    assert proof.status == ProofStatus.PENDING and proof.legal_name == "李同学"

    sign_in(page, live_site, manager)
    page.goto(f"{live_site}/division/{contest.slug}/jinan/identity/")
    page.click("text=李同学")
    with page.expect_download() as download:
        page.click("text=身份证.png")
    assert download.value.suggested_filename.endswith(".png")
    page.check("input[name=decision][value=approve]")
    page.check("#id_confirm")
    screenshot("manager-review")
    page.click("form.identity-review-form button[type=submit]")
    page.wait_for_url(f"{live_site}/division/{contest.slug}/jinan/identity/")
    proof.refresh_from_db()
    assert proof.status == ProofStatus.APPROVED and proof.reviewed_by == manager

    sign_in(page, live_site, contact.user)
    page.goto(f"{live_site}/vetting/")
    page.click("text=泉城数据队")
    assert "李同学" in page.inner_text("main")
    page.click("text=确认属于本单位")
    assert "队长会收到邮件通知" in page.inner_text("main")  # the step says what will happen
    page.check("#id_confirm")
    page.click("form.vetting-decide-form button[type=submit]")
    page.wait_for_url(f"{live_site}/vetting/")
    screenshot("contact-home")
    team.refresh_from_db()
    assert team.vetting_status == VettingStatus.CONFIRMED and team.vetted_by == contact.user
