"""Self-identification in a team's own files: its names, organisation, e-mail and phone are found in
the text of what it uploads (page by page, through spaces and line breaks a PDF puts between
Chinese characters), shown to the team before it submits and to organisers in eligibility review."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from contests.choices import EntryStatus, FileKind, TeamRole
from contests.services.self_identification import entry_findings
from tests.contests.factories import TeamFactory, UserFactory
from tests.contests.factories.entries import EntryFactory, add_member, attach
from tests.contests.factories.judging import organiser

pytestmark = pytest.mark.django_db

MEMBER = "欧阳晓岚"


def three_page_pdf(page_three_lines):
    """Two neutral pages, then ``page_three_lines`` on page 3 (Chinese in STSong-Light)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    for lines in (["第一页：项目背景"], ["第二页：技术路线"], page_three_lines):
        for number, text in enumerate(lines):
            page.setFont("STSong-Light", 14)
            page.drawString(72, 720 - 24 * number, text)
        page.showPage()
    page.save()
    return out.getvalue()


@pytest.fixture
def team_entry():
    leader = UserFactory(real_name="司马长风", email="sima@kunpeng.example", phone="13800138000")
    team = TeamFactory(name="鲲鹏星河队", organisation="玄武湖数智科技有限公司", created_by=leader)
    add_member(team, UserFactory(real_name=MEMBER, email="ouyang@kunpeng.example"), role=TeamRole.MEMBER)
    entry = EntryFactory(team=team)
    # A PDF spaces out the characters of a name and breaks lines; the phone is written with dashes.
    proposal = three_page_pdf(["项目负责人：欧 阳 晓 岚", "联系电话：138-0013-8000"])
    attach(entry, FileKind.PROPOSAL, SimpleUploadedFile("方案书.pdf", proposal))
    return entry


def test_findings_name_the_file_the_page_and_what_was_found(team_entry):
    findings = {(f.file.original_name, f.location, str(f.what), f.needle) for f in entry_findings(team_entry)}
    assert findings == {
        ("方案书.pdf", "第 3 页", "队员姓名", MEMBER),
        ("方案书.pdf", "第 3 页", "手机号", "13800138000"),
    }


def test_a_file_named_after_the_team_is_found_by_its_name(team_entry):
    attach(team_entry, FileKind.ATTACHMENT, SimpleUploadedFile("鲲鹏星河队-预算.pdf", three_page_pdf(["预算"])))
    assert ("鲲鹏星河队-预算.pdf", "文件名", "团队名称") in {
        (f.file.original_name, f.location, str(f.what)) for f in entry_findings(team_entry)
    }


def test_another_teams_names_are_not_findings(team_entry):
    other = TeamFactory(contest=team_entry.contest, name="星河鲲鹏", organisation="另一家单位")
    add_member(other, UserFactory(real_name="第二页"), role=TeamRole.MEMBER)  # a word on page 2 of our file
    assert {f.needle for f in entry_findings(team_entry)} == {MEMBER, "13800138000"}


def test_the_team_is_warned_before_it_submits(client, team_entry):
    client.force_login(team_entry.created_by)
    html = client.get(reverse("contests:entry_detail", kwargs={"uuid": team_entry.uuid})).content.decode()
    assert "匿名提醒：文件中出现了可识别团队身份的信息" in html
    assert f"<td>方案书.pdf</td><td>第 3 页</td><td>队员姓名“{MEMBER}”</td>" in html


def test_the_organiser_sees_the_findings_in_eligibility_review(client, team_entry):
    team_entry.status = EntryStatus.SUBMITTED
    team_entry.save(update_fields=["status"])
    client.force_login(organiser())
    html = client.get(reverse("contest_eligibility_entry", kwargs={"pk": team_entry.pk})).content.decode()
    assert "自我暴露检查" in html
    assert f"<td>方案书.pdf</td><td>第 3 页</td><td>队员姓名“{MEMBER}”</td>" in html
    assert "<td>方案书.pdf</td><td>第 3 页</td><td>手机号“13800138000”</td>" in html


def test_the_submission_review_page_repeats_the_warning(client, team_entry):
    client.force_login(team_entry.created_by)
    html = client.get(reverse("contests:entry_submit", kwargs={"uuid": team_entry.uuid})).content.decode()
    assert "匿名提醒：文件中出现了可识别团队身份的信息" in html
    assert "<td>方案书.pdf</td><td>第 3 页</td><td>手机号“13800138000”</td>" in html
