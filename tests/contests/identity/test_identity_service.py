"""Real names (实名): documents, submission, review, the team's statuses and the submission gate."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from contests.models import AuditEvent, IdentityDocument, IdentityProof, ProofStatus, RealNameRule
from contests.services import ContestError
from contests.services import identity as service
from contests.services.submission import IncompleteEntry, missing_requirements, submit_entry
from contests.services.upload_checks import MiB
from tests.contests.factories.entries import EntryFactory, add_member, attach, leader_of, pdf_upload
from tests.contests.identity.conftest import approved, png_upload

pytestmark = pytest.mark.django_db


def test_rules_ask_for_an_id_card_and_a_second_document():
    assert service.describe_groups(service.RULE_GROUPS[RealNameRule.EITHER]) == [
        "身份证",
        "学生证或单位证明（在职证明或营业执照）",
    ]


def test_a_member_uploads_submits_and_the_proof_is_pending(world):
    document = service.add_document(world.contest, user=world.member, kind="id_card", upload=png_upload())
    assert document.content_type == "image/png" and len(document.sha256) == 64
    assert document.file.name.startswith(f"identity/{world.contest.pk}/")
    with pytest.raises(ContestError, match="学生证或单位证明"):
        service.submit_proof(world.contest, user=world.member, legal_name="李四")
    service.add_document(world.contest, user=world.member, kind="company_proof", upload=pdf_upload("在职证明.pdf"))
    proof = service.submit_proof(world.contest, user=world.member, legal_name=" 李四 ")
    assert (proof.status, proof.legal_name) == (ProofStatus.PENDING, "李四")
    assert AuditEvent.objects.filter(action="identity.submit", object_id=str(proof.pk)).exists()
    # 待审: nothing can change any more.
    with pytest.raises(ContestError, match="待审"):
        service.add_document(world.contest, user=world.member, kind="id_card", upload=png_upload())


def test_a_new_file_of_a_kind_replaces_the_old_one(world, django_capture_on_commit_callbacks):
    first = service.add_document(world.contest, user=world.member, kind="id_card", upload=png_upload("a.png"))
    storage = first.file.storage
    old_name = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        service.add_document(world.contest, user=world.member, kind="id_card", upload=png_upload("b.png"))
    assert list(IdentityDocument.objects.values_list("original_name", flat=True)) == ["b.png"]
    assert not storage.exists(old_name)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("空.pdf", b"", content_type="application/pdf"), "空文件"),
        (SimpleUploadedFile("假.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"), "不允许"),
        (SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"\x00" * 100, content_type="image/png"), "不允许"),
        (SimpleUploadedFile("大.pdf", b"%PDF-1.4" + b"0" * (10 * MiB), content_type="application/pdf"), "大小上限"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(world, upload, message):
    with pytest.raises(ContestError, match=message):
        service.add_document(world.contest, user=world.member, kind="id_card", upload=upload)
    assert not IdentityDocument.objects.exists()


def test_unknown_kind_and_outsiders_are_refused(world):
    with pytest.raises(ContestError):
        service.add_document(world.contest, user=world.member, kind="passport", upload=png_upload())
    outsider = add_member(EntryFactory().team)  # a member of another contest's team
    with pytest.raises(ContestError, match="参赛团队的成员"):
        service.add_document(world.contest, user=outsider, kind="id_card", upload=png_upload())
    assert not IdentityProof.objects.filter(user=outsider).exists() or not IdentityDocument.objects.exists()


def test_a_contest_without_the_rule_accepts_no_proof(world):
    world.contest.real_name_rule = RealNameRule.NONE
    world.contest.save()
    with pytest.raises(ContestError, match="不要求实名"):
        service.add_document(world.contest, user=world.member, kind="id_card", upload=png_upload())


def test_review_needs_a_reason_to_reject_and_a_fresh_version(world, boss, django_capture_on_commit_callbacks):
    service.add_document(world.contest, user=world.member, kind="id_card", upload=png_upload())
    service.add_document(world.contest, user=world.member, kind="student_card", upload=png_upload("学生证.png"))
    proof = service.submit_proof(world.contest, user=world.member, legal_name="李四")
    with pytest.raises(ContestError, match="原因"):
        service.review_proof(proof, actor=boss, approved=False, reason=" ", version=proof.version)
    with pytest.raises(ContestError, match="他人修改"):
        service.review_proof(proof, actor=boss, approved=True, version=proof.version - 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rejected = service.review_proof(proof, actor=boss, approved=False, reason="照片不清晰", version=proof.version)
    assert (rejected.status, rejected.reason, rejected.reviewed_by) == (ProofStatus.REJECTED, "照片不清晰", boss)
    assert [m.to for m in mail.outbox] == [[world.member.email]]
    assert "照片不清晰" in mail.outbox[0].body
    assert AuditEvent.objects.get(action="identity.review").note == "照片不清晰"
    # After 驳回 the person changes a file and submits again.
    service.add_document(world.contest, user=world.member, kind="id_card", upload=png_upload("清晰.png"))
    again = service.submit_proof(world.contest, user=world.member, legal_name="李四")
    assert again.status == ProofStatus.PENDING and again.reviewed_by is None
    with pytest.raises(ContestError, match="他人修改"):
        service.review_proof(rejected, actor=boss, approved=True, version=rejected.version)  # stale version
    done = service.review_proof(again, actor=boss, approved=True, version=again.version)
    with pytest.raises(ContestError, match="只能审核待审"):
        service.review_proof(done, actor=boss, approved=False, reason="再看看", version=done.version)


def test_division_managers_review_their_own_division_only(world):
    rival_doc = service.add_document(world.contest, user=world.rival_leader, kind="id_card", upload=png_upload())
    service.add_document(world.contest, user=world.rival_leader, kind="student_card", upload=png_upload("s.png"))
    rival_proof = service.submit_proof(world.contest, user=world.rival_leader, legal_name="王五")
    assert rival_doc.proof_id == rival_proof.pk
    with pytest.raises(ContestError, match="不能审核"):
        service.review_proof(rival_proof, actor=world.manager, approved=True, version=rival_proof.version)
    done = service.review_proof(rival_proof, actor=world.other_manager, approved=True, version=rival_proof.version)
    assert done.status == ProofStatus.APPROVED
    assert list(service.proofs_in_division(world.jinan)) == []
    assert list(service.proofs_in_division(world.qingdao)) == [rival_proof]
    assert list(service.proofs_visible_to(world.member)) == []


def test_entries_cannot_be_submitted_until_every_member_is_approved(world, boss):
    entry = EntryFactory(team=world.team, contest=world.contest)
    attach(entry)
    problems = missing_requirements(entry)
    assert any("以下成员尚未通过实名认证" in p and world.member.get_full_name() in p for p in problems)
    with pytest.raises(IncompleteEntry, match="实名认证"):
        submit_entry(entry, leader_of(world.team))
    approved(world.contest, world.leader, boss)
    approved(world.contest, world.member, boss)
    problems = missing_requirements(entry)
    assert problems == [f"以下成员尚未通过实名认证：{world.adviser.get_full_name()}"]
    approved(world.contest, world.adviser, boss)
    assert missing_requirements(entry) == []
    _revision, created = submit_entry(entry, world.leader)
    assert created


def test_the_gate_is_off_without_the_rule(world):
    world.contest.real_name_rule = RealNameRule.NONE
    world.contest.save()
    entry = EntryFactory(team=world.team, contest=world.contest)
    attach(entry)
    assert missing_requirements(entry) == []


def test_a_legal_name_with_direction_controls_is_refused(world):
    service.add_document(world.contest, user=world.member, kind="id_card", upload=png_upload())
    service.add_document(world.contest, user=world.member, kind="student_card", upload=png_upload("s.png"))
    with pytest.raises(ContestError):
        service.submit_proof(world.contest, user=world.member, legal_name="李\u202e四")
    assert IdentityProof.objects.get(user=world.member).status == ProofStatus.DRAFT


def test_nobody_reviews_their_own_proof(world, django_capture_on_commit_callbacks):
    """A division manager who also competes in their division cannot approve their own papers; another
    reviewer can."""
    world.jinan.managers.add(world.member)
    service.add_document(world.contest, user=world.member, kind="id_card", upload=png_upload())
    service.add_document(world.contest, user=world.member, kind="student_card", upload=png_upload("s.png"))
    proof = service.submit_proof(world.contest, user=world.member, legal_name="李四")
    with pytest.raises(ContestError, match="不能审核自己的实名认证"):
        service.review_proof(proof, actor=world.member, approved=True, version=proof.version)
    proof.refresh_from_db()
    assert proof.status == ProofStatus.PENDING
    done = service.review_proof(proof, actor=world.manager, approved=True, version=proof.version)
    assert (done.status, done.reviewed_by) == (ProofStatus.APPROVED, world.manager)


def test_the_review_page_offers_no_decision_on_ones_own_proof(world):
    from django.test import Client
    from django.urls import reverse

    world.jinan.managers.add(world.member)
    service.add_document(world.contest, user=world.member, kind="id_card", upload=png_upload())
    service.add_document(world.contest, user=world.member, kind="student_card", upload=png_upload("s.png"))
    proof = service.submit_proof(world.contest, user=world.member, legal_name="李四")
    kwargs = {"contest_slug": world.contest.slug, "division_slug": "jinan", "proof_id": proof.pk}
    client = Client()
    client.force_login(world.member)
    page = client.get(reverse("contests:divisions:identity_review", kwargs=kwargs)).text
    assert "不能审核自己的实名认证" in page and 'name="decision"' not in page
    client.force_login(world.manager)
    page = client.get(reverse("contests:divisions:identity_review", kwargs=kwargs)).text
    assert "不能审核自己的实名认证" not in page and 'name="decision"' in page
