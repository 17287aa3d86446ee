"""Winner due diligence: the request opens a case per award, documents are checked and handed in by
the deadline, a pass keeps the award, a fail revokes it and the award passes to the next-ranked
eligible entry, and finalising waits for every case."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from contests.choices import EntryStatus, TeamRole
from contests.models import AuditEvent, Award, DueDiligenceCase, DueDiligenceDocument, DueDiligenceStatus
from contests.services import ContestError
from contests.services.outcomes import due_diligence as service
from contests.services.outcomes.awards import grant_award, revoke_award
from contests.services.outcomes.publication import finalise_problems, finalise_results
from tests.contests.factories.due_diligence import KINDS, dd_world, hand_in, png_upload
from tests.contests.factories.entries import add_member, leader_of, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(boss):
    return dd_world(boss)


# Request ------------------------------------------------------------------------------------------


def test_request_opens_one_case_per_active_award_audits_and_mails_the_teams(boss, django_capture_on_commit_callbacks):
    world = dd_world(boss, request=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dd_request = service.require_due_diligence(
            world.round, actor=boss, documents=["originality", "licences", "bogus"], instructions=" 说明 ",
            deadline=world.now + timedelta(days=3), now=world.now,
        )  # fmt: skip
    assert dd_request.documents == KINDS  # in the kinds' order, unknown values dropped
    assert dd_request.instructions == "说明"
    cases = DueDiligenceCase.objects.order_by("award__rank")
    assert [(c.award.entry, c.status) for c in cases] == [
        (world.entries[0], DueDiligenceStatus.REQUESTED),
        (world.entries[1], DueDiligenceStatus.REQUESTED),
    ]
    event = AuditEvent.objects.get(action="due_diligence.request")
    assert event.after["documents"] == KINDS
    recipients = sorted(address for m in mail.outbox for address in m.to)
    expected = sorted(m.user.email for e in world.entries[:2] for m in e.team.memberships.select_related("user"))
    assert recipients == expected
    assert "第三方组件许可证明" in mail.outbox[0].body


def test_request_is_refused_twice_without_kinds_with_a_past_deadline_or_by_a_non_organiser(boss, world):
    with pytest.raises(ContestError, match="不能重复要求"):
        service.require_due_diligence(world.round, actor=boss, documents=KINDS, deadline=world.now + timedelta(days=1))
    other = dd_world(boss, request=False)
    with pytest.raises(ContestError, match="至少选择一类"):
        service.require_due_diligence(other.round, actor=boss, documents=[], deadline=world.now + timedelta(days=1))
    with pytest.raises(ContestError, match="必须晚于现在"):
        service.require_due_diligence(other.round, actor=boss, documents=KINDS, deadline=world.now, now=world.now)
    with pytest.raises(ContestError) as info:
        service.require_due_diligence(
            other.round, actor=leader_of(other.entries[0].team), documents=KINDS, deadline=world.now + timedelta(days=1)
        )
    assert info.value.code == "forbidden"
    assert not DueDiligenceCase.objects.filter(request__round=other.round).exists()


def test_an_award_granted_later_while_the_request_is_open_gets_its_own_case(boss, world):
    award = grant_award(world.entries[2], world.second, round_=world.round, actor=boss, reason="名额外增补")
    case = DueDiligenceCase.objects.get(award=award)
    assert (case.status, case.deadline) == (DueDiligenceStatus.REQUESTED, None)
    assert service.case_deadline(case) == world.request.deadline


# Documents and submission -------------------------------------------------------------------------


def test_submit_is_refused_while_a_listed_kind_is_missing(world):
    service.add_document(world.case, user=world.leader, kind="licences", upload=png_upload())
    with pytest.raises(ContestError, match="还缺少以下材料：原创性声明") as info:
        service.submit_case(world.case, user=world.leader)
    assert info.value.code == "submit"
    world.case.refresh_from_db()
    assert world.case.status == DueDiligenceStatus.REQUESTED


def test_members_hand_in_several_files_per_kind_and_submit(world, boss, django_capture_on_commit_callbacks):
    member = world.entries[0].team.memberships.get(role=TeamRole.MEMBER).user
    service.add_document(world.case, user=member, kind="licences", upload=pdf_upload("许可一.pdf"))
    doc = service.add_document(world.case, user=world.leader, kind="licences", upload=png_upload("许可二.png"))
    service.add_document(world.case, user=world.leader, kind="originality", upload=pdf_upload("声明.pdf"))
    assert (doc.content_type, len(doc.sha256), doc.size > 0) == ("image/png", 64, True)
    world.case.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = service.submit_case(world.case, user=member, version=world.case.version)
    assert (case.status, case.submitted_by) == (DueDiligenceStatus.SUBMITTED, member)
    assert [m.to for m in mail.outbox] == [[boss.email]]
    names = [d["original_name"] for d in AuditEvent.objects.get(action="due_diligence.submit").after["documents"]]
    assert names == ["许可一.pdf", "许可二.png", "声明.pdf"]
    with pytest.raises(ContestError, match="已提交"):
        service.add_document(case, user=member, kind="licences", upload=pdf_upload())


def test_advisers_and_other_teams_cannot_upload_and_unlisted_kinds_are_refused(world):
    adviser = add_member(world.entries[0].team, role=TeamRole.ADVISER)
    with pytest.raises(ContestError, match="只有本团队的队长或队员"):
        service.add_document(world.case, user=adviser, kind="licences", upload=pdf_upload())
    with pytest.raises(ContestError, match="只有本团队的队长或队员"):
        service.add_document(world.case, user=leader_of(world.entries[1].team), kind="licences", upload=pdf_upload())
    with pytest.raises(ContestError, match="不需要这类材料"):
        service.add_document(world.case, user=world.leader, kind="source_code", upload=pdf_upload())
    assert not DueDiligenceDocument.objects.exists()


def test_hostile_file_is_refused_and_nothing_is_stored(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    svg = SimpleUploadedFile("许可.pdf", b"<svg onload=alert(1)></svg>", content_type="application/pdf")
    with pytest.raises(ContestError) as info:
        service.add_document(world.case, user=world.leader, kind="licences", upload=svg)
    assert info.value.code == "markup"
    exe = SimpleUploadedFile("声明.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    with pytest.raises(ContestError):
        service.add_document(world.case, user=world.leader, kind="originality", upload=exe)
    assert not DueDiligenceDocument.objects.exists()


@pytest.mark.clock
def test_the_deadline_is_checked_with_the_server_clock(world):
    deadline = world.request.deadline
    with time_machine.travel(deadline - timedelta(seconds=1), tick=False):
        service.add_document(world.case, user=world.leader, kind="licences", upload=pdf_upload())
    with time_machine.travel(deadline, tick=False):
        with pytest.raises(ContestError, match=r"提交截止时间 .*（北京时间） 已过"):
            service.add_document(world.case, user=world.leader, kind="originality", upload=pdf_upload())
        with pytest.raises(ContestError, match="已过"):
            service.submit_case(world.case, user=world.leader)
    world.case.refresh_from_db()
    assert world.case.status == DueDiligenceStatus.REQUESTED


def test_a_removed_document_can_be_replaced_before_submitting(world):
    doc = service.add_document(world.case, user=world.leader, kind="licences", upload=pdf_upload())
    service.remove_document(doc, user=world.leader)
    assert not DueDiligenceDocument.objects.exists()
    assert AuditEvent.objects.filter(action="due_diligence.remove").count() == 1


# Review -------------------------------------------------------------------------------------------


def test_pass_keeps_the_award_and_a_stale_version_is_refused(world, boss):
    case = hand_in(world.case, world.leader)
    with pytest.raises(ContestError) as info:
        service.review_case(case, actor=boss, passed=True, reason="", version=case.version - 1)
    assert info.value.code == "stale"
    case = service.review_case(case, actor=boss, passed=True, reason="", version=case.version)
    assert (case.status, case.reviewed_by) == (DueDiligenceStatus.PASSED, boss)
    assert Award.objects.get(pk=case.award_id).revoked_at is None
    with pytest.raises(ContestError, match="只能审核已提交"):
        service.review_case(case, actor=boss, passed=False, reason="再次审核", version=case.version)


def test_fail_needs_a_reason_revokes_and_offers_the_award_to_the_next_eligible_entry(
    world, boss, django_capture_on_commit_callbacks
):
    case = hand_in(world.case, world.leader)
    with pytest.raises(ContestError, match="必须填写理由"):
        service.review_case(case, actor=boss, passed=False, reason="  ", version=case.version)
    with django_capture_on_commit_callbacks(execute=True):
        case = service.review_case(
            case, actor=boss, passed=False, reason="未能提供第三方组件许可证明", version=case.version
        )
    award = Award.objects.get(pk=case.award_id)
    assert case.status == DueDiligenceStatus.FAILED
    assert award.revoke_reason == "尽职调查未通过：未能提供第三方组件许可证明"
    world.entries[0].refresh_from_db()
    assert world.entries[0].status != EntryStatus.AWARDED
    # entries[1] holds 二等奖 (one level award per entry): the award passes to entries[2].
    successor = service.successor_candidate(case)
    assert (successor.candidate.entry, successor.candidate.rank) == (world.entries[2], 3)
    with pytest.raises(ContestError, match="递补名单已发生变化"):
        service.offer_successor(case, actor=boss, entry=world.entries[3], version=case.version)
    deadline = timezone.now() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        new_award = service.offer_successor(
            case, actor=boss, entry=world.entries[2], version=case.version, deadline=deadline
        )
    assert (new_award.entry, new_award.category, new_award.proposed) == (world.entries[2], world.first, False)
    assert "尽职调查未通过" in new_award.reason
    case.refresh_from_db()
    assert case.successor_award == new_award
    new_case = DueDiligenceCase.objects.get(award=new_award)
    assert (new_case.status, new_case.deadline) == (DueDiligenceStatus.REQUESTED, deadline)
    assert AuditEvent.objects.filter(action="due_diligence.successor").count() == 1
    with pytest.raises(ContestError, match="已递补"):
        service.offer_successor(case, actor=boss, entry=world.entries[3], version=case.version)


def test_no_successor_when_every_lower_ranked_entry_is_taken(boss):
    world = dd_world(boss, entries=2)
    case = hand_in(world.case, world.leader)
    case = service.review_case(case, actor=boss, passed=False, reason="原创性声明不实", version=case.version)
    successor = service.successor_candidate(case)
    assert successor.candidate is None
    assert "没有符合条件的递补作品" in successor.problem
    with pytest.raises(ContestError, match="没有符合条件的递补作品"):
        service.offer_successor(case, actor=boss, entry=world.entries[1], version=case.version)


def test_an_entry_no_longer_eligible_is_skipped(world, boss):
    world.entries[2].status = EntryStatus.INELIGIBLE
    world.entries[2].save(update_fields=["status"])
    case = hand_in(world.case, world.leader)
    case = service.review_case(case, actor=boss, passed=False, reason="许可证明缺失", version=case.version)
    assert service.successor_candidate(case).candidate.entry == world.entries[3]


# Finalising ---------------------------------------------------------------------------------------


def test_finalising_waits_for_every_case(world, boss):
    after_notice = world.publication.notice_ends_at + timedelta(minutes=1)
    problems = finalise_problems(world.publication, after_notice)
    assert problems == ["还有 2 件获奖作品的尽职调查未完成（待提交材料或待审核），全部审核后才能确定最终结果。"]
    with pytest.raises(ContestError, match="尽职调查未完成"):
        finalise_results(world.round, actor=boss, now=after_notice)
    for case in (world.case, world.second_case):
        leader = leader_of(case.award.entry.team)
        case = hand_in(case, leader)
        service.review_case(case, actor=boss, passed=True, reason="", version=case.version)
    assert finalise_problems(world.publication, after_notice) == []
    finalise_results(world.round, actor=boss, now=after_notice)


def test_a_case_whose_award_was_revoked_directly_does_not_block_finalising(world, boss):
    revoke_award(world.second_case.award, actor=boss, reason="团队主动放弃")
    problems = finalise_problems(world.publication, world.publication.notice_ends_at + timedelta(minutes=1))
    assert problems == ["还有 1 件获奖作品的尽职调查未完成（待提交材料或待审核），全部审核后才能确定最终结果。"]


# The "all" workbook ----------------------------------------------------------------------------------


def test_the_all_workbook_has_a_due_diligence_sheet_with_formulas_neutralised(world, boss, tmp_path):
    import openpyxl

    from contests.services.exports import ExportContext, build_workbook

    case = hand_in(world.case, world.leader)
    case = service.review_case(case, actor=boss, passed=False, reason='=HYPERLINK("x")缺许可', version=case.version)
    service.offer_successor(case, actor=boss, entry=world.entries[2], version=case.version)
    path = tmp_path / "all.xlsx"
    build_workbook(ExportContext.build(world.contest), "all", path)
    sheet = openpyxl.load_workbook(path)["尽职调查"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["评审轮次", "奖项", "作品编号", "作品名称"]
    assert len(rows) == 1 + 3  # both winners' cases and the successor's
    failed = next(row for row in rows[1:] if row[3] == world.entries[0].title)
    assert (failed[5], failed[8], failed[11], failed[12]) == (
        "审核未通过", 2, "'=HYPERLINK(\"x\")缺许可", world.entries[2].title,
    )  # fmt: skip


# The public-notice record ------------------------------------------------------------------------


def test_the_public_record_tells_counts_and_the_successor_only_once_results_are_final(world, boss):
    from contests.services.outcomes.public_results import due_diligence_record

    case = hand_in(world.case, world.leader)
    case = service.review_case(case, actor=boss, passed=False, reason="许可证明缺失", version=case.version)
    successor = service.offer_successor(case, actor=boss, entry=world.entries[2], version=case.version)
    for other in DueDiligenceCase.objects.exclude(pk=case.pk):
        other = hand_in(other, leader_of(other.award.entry.team))
        service.review_case(other, actor=boss, passed=True, reason="", version=other.version)
    [provisional] = due_diligence_record(world.contest)
    assert (provisional.final, provisional.case_count, provisional.substitutions) == (False, 0, [])
    finalise_results(world.round, actor=boss, now=world.publication.notice_ends_at + timedelta(minutes=1))
    [record] = due_diligence_record(world.contest)
    assert (record.final, record.documents, record.case_count, record.passed, record.failed) == (
        True, ["第三方组件许可证明", "原创性声明"], 3, 2, 1,
    )  # fmt: skip
    [substitution] = record.substitutions
    assert (substitution.category, substitution.successor) == (world.first, successor)
