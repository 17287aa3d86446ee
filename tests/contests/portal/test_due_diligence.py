"""The team's due-diligence pages: its own case only (others 404), uploading checked files per kind,
submitting with a confirmation, downloads for the team and organisers only."""

import pytest
from django.urls import reverse

from contests.choices import TeamRole
from contests.models import DueDiligenceDocument, DueDiligenceStatus
from contests.services.outcomes import due_diligence as service
from tests.contests.factories.due_diligence import dd_world, png_upload
from tests.contests.factories.entries import add_member, leader_of, pdf_upload
from tests.contests.factories.judging import JudgeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(boss):
    return dd_world(boss)


def case_url(case, name="contests:due_diligence_case", **kwargs):
    return reverse(name, kwargs={"case_id": case.pk, **kwargs})


def test_the_entry_page_links_the_case_and_the_case_page_lists_the_request(client, world):
    client.force_login(world.leader)
    detail = client.get(reverse("contests:entry_detail", kwargs={"uuid": world.entries[0].uuid})).content.decode()
    assert case_url(world.case) in detail and "提交尽职调查材料" in detail
    page = client.get(case_url(world.case)).content.decode()
    assert "第三方组件许可证明" in page and "原创性声明" in page and "请提交许可证明和原创性声明。" in page
    assert case_url(world.case, "contests:due_diligence_upload", kind="licences") in page
    # Not asked for: no upload form.
    assert case_url(world.case, "contests:due_diligence_upload", kind="source_code") not in page


def test_member_uploads_and_submits_after_confirming(client, world):
    member = world.entries[0].team.memberships.get(role=TeamRole.MEMBER).user
    client.force_login(member)
    for kind, upload in (("licences", pdf_upload("许可.pdf")), ("originality", png_upload("声明.png"))):
        response = client.post(
            case_url(world.case, "contests:due_diligence_upload", kind=kind), {f"{kind}-file": upload}
        )
        assert response.status_code == 302
    assert sorted(DueDiligenceDocument.objects.values_list("kind", "original_name")) == [
        ("licences", "许可.pdf"), ("originality", "声明.png"),
    ]  # fmt: skip
    confirm = client.get(case_url(world.case, "contests:due_diligence_submit"))
    assert "提交后不能再修改或补充" in confirm.content.decode()
    world.case.refresh_from_db()
    refused = client.post(case_url(world.case, "contests:due_diligence_submit"), {"version": world.case.version})
    assert refused.status_code == 400
    world.case.refresh_from_db()
    assert world.case.status == DueDiligenceStatus.REQUESTED
    done = client.post(
        case_url(world.case, "contests:due_diligence_submit"), {"version": world.case.version, "confirm": "on"}
    )
    assert done.status_code == 302
    world.case.refresh_from_db()
    assert (world.case.status, world.case.submitted_by) == (DueDiligenceStatus.SUBMITTED, member)


def test_a_hostile_upload_is_refused_with_a_message(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.leader)
    hostile = SimpleUploadedFile('<script>alert(1)</script>"..\\..\\etc.pdf', b"<html><script>x</script></html>")
    response = client.post(
        case_url(world.case, "contests:due_diligence_upload", kind="licences"), {"licences-file": hostile}, follow=True
    )
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html and "SVG/HTML" in html
    assert not DueDiligenceDocument.objects.exists()


def test_other_teams_judges_and_advisers_of_others_get_404(client, world):
    doc = service.add_document(world.case, user=world.leader, kind="licences", upload=pdf_upload())
    urls = [
        case_url(world.case),
        case_url(world.case, "contests:due_diligence_submit"),
        case_url(world.case, "contests:due_diligence_document", document_id=doc.pk),
    ]
    for user in (
        leader_of(world.entries[1].team),
        leader_of(world.entries[2].team),
        JudgeFactory(contest=world.contest).user,
    ):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        upload = client.post(
            case_url(world.case, "contests:due_diligence_upload", kind="licences"), {"licences-file": pdf_upload()}
        )
        assert upload.status_code == 404
        remove = client.post(case_url(world.case, "contests:due_diligence_document_remove", document_id=doc.pk))
        assert remove.status_code == 404
    assert DueDiligenceDocument.objects.count() == 1


def test_team_members_and_organisers_download_the_documents(client, world, boss):
    doc = service.add_document(world.case, user=world.leader, kind="licences", upload=pdf_upload("许可.pdf"))
    adviser = add_member(world.entries[0].team, role=TeamRole.ADVISER)
    for user in (adviser, boss):
        client.force_login(user)
        response = client.get(case_url(world.case, "contests:due_diligence_document", document_id=doc.pk))
        assert (response.status_code, response["Content-Type"], response["X-Content-Type-Options"]) == (
            200, "application/pdf", "nosniff",
        )  # fmt: skip
        assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    admin = client.get(reverse("awards:due_diligence_document", args=[world.case.pk, doc.pk]))
    assert (admin.status_code, b"".join(admin.streaming_content)[:5]) == (200, b"%PDF-")
    client.force_login(leader_of(world.entries[1].team))
    assert client.get(reverse("awards:due_diligence_document", args=[world.case.pk, doc.pk])).status_code != 200
