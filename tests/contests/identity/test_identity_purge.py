"""Retention: the daily purge deletes documents (files and rows) of contests whose results became
final ``identity_retention_days`` ago, from 00:00 Beijing time, and logs each person once."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from contests.models import AuditEvent, IdentityDocument, IdentityProof, IdentityPurge, ProofStatus, ResultPublication
from contests.services import ContestError
from contests.services import identity as service
from contests.tasks.identity import task_purge_identity_documents
from tests.contests.factories import RoundFactory
from tests.contests.identity.conftest import approved

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Final on 2026-01-10 at 23:30 Beijing time (15:30 UTC): the 10th counts, whatever UTC says.
FINAL = datetime(2026, 1, 10, 23, 30, tzinfo=SHANGHAI)


@pytest.fixture
def final_world(world, boss):
    with time_machine.travel(datetime(2026, 1, 5, 10, tzinfo=SHANGHAI), tick=False):
        world.contest.identity_retention_days = 30
        world.contest.save()
        approved(world.contest, world.leader, boss, name="张三")
        approved(world.contest, world.member, boss, name="李四")
    round_ = RoundFactory(contest=world.contest, number=1)
    ResultPublication.objects.create(
        round=round_, notice_days=7, published_by=boss, published_at=FINAL, notice_ends_at=FINAL,
        finalised_by=boss, finalised_at=FINAL,
    )  # fmt: skip
    world.files = list(IdentityDocument.objects.values_list("file", flat=True))
    world.storage = IdentityDocument._meta.get_field("file").storage
    return world


def test_nothing_is_deleted_the_day_before(final_world):
    assert service.purge_from(final_world.contest) == datetime(2026, 2, 9, tzinfo=SHANGHAI)
    with time_machine.travel(datetime(2026, 2, 8, 23, 59, 59, tzinfo=SHANGHAI), tick=False):
        assert task_purge_identity_documents() == 0
    assert IdentityDocument.objects.count() == 4
    assert not IdentityPurge.objects.exists()
    assert all(final_world.storage.exists(name) for name in final_world.files)


def test_documents_are_deleted_and_logged_from_midnight_beijing(final_world, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(datetime(2026, 2, 9, 0, 0, 1, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert task_purge_identity_documents() == 4
    assert not IdentityDocument.objects.exists()
    assert not any(final_world.storage.exists(name) for name in final_world.files)
    proofs = IdentityProof.objects.filter(contest=final_world.contest)
    assert {(p.status, p.legal_name) for p in proofs} == {(ProofStatus.APPROVED, "")}
    assert all(p.reviewed_at and p.submitted_at for p in proofs)
    purges = IdentityPurge.objects.order_by("user_id_deleted")
    assert sorted((p.user_id_deleted, p.documents_deleted) for p in purges) == sorted(
        [(final_world.leader.pk, 2), (final_world.member.pk, 2)]
    )
    assert "30" in purges[0].reason
    assert AuditEvent.objects.filter(action="identity.purge").count() == 2
    # A second run finds nothing more to do.
    with time_machine.travel(datetime(2026, 2, 10, tzinfo=SHANGHAI), tick=False):
        assert task_purge_identity_documents() == 0
    assert IdentityPurge.objects.count() == 2


def test_the_command_has_a_dry_run(final_world):
    out = StringIO()
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=SHANGHAI), tick=False):
        call_command("purge_identity_documents", "--dry-run", stdout=out)
    assert "将删除 2 人的 4 个文件" in out.getvalue()
    assert IdentityDocument.objects.count() == 4 and not IdentityPurge.objects.exists()
    out = StringIO()
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=SHANGHAI), tick=False):
        call_command("purge_identity_documents", stdout=out)
    assert "已删除 2 人的 4 个文件" in out.getvalue()
    assert not IdentityDocument.objects.exists()


def test_contests_whose_results_are_not_final_keep_everything(world, boss):
    approved(world.contest, world.leader, boss)
    with time_machine.travel(datetime(2030, 1, 1, tzinfo=SHANGHAI), tick=False):
        assert service.purge_due() == {}
    assert IdentityDocument.objects.count() == 2


def test_no_document_is_taken_once_the_results_are_final(final_world):
    from contests.services.identity import add_document, edit_problems

    proof = IdentityProof.objects.get(contest=final_world.contest, user=final_world.leader)
    proof.status = ProofStatus.REJECTED
    proof.save()
    assert edit_problems(proof, final_world.leader) == ["本大赛结果已确定，不再接收实名认证材料。"]
    before = IdentityDocument.objects.count()
    with pytest.raises(ContestError):
        add_document(final_world.contest, user=final_world.leader, kind="id_card", upload=None)
    assert IdentityDocument.objects.count() == before
