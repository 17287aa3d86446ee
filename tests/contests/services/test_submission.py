"""Submitting on time, exactly once, with an immutable revision and a receipt for every member."""

import hashlib
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contests.choices import EntryStatus, FileKind
from contests.demo.entries import make_pdf
from contests.models import AuditEvent, Entry, EntryRevision
from contests.services import ContestError
from contests.services.entries import EntryLocked, content_of, save_draft
from contests.services.submission import IncompleteEntry, missing_requirements, submit_entry, withdraw_entry
from tests.contests.factories import ContestFactory, TeamFactory
from tests.contests.factories.entries import DataResourceFactory, EntryFactory, add_member, leader_of, ready_entry

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def contest_closing_at(deadline):
    """A contest open for a month until ``deadline``."""
    return ContestFactory(
        registration_opens=deadline - timedelta(days=30),
        registration_closes=deadline - timedelta(days=1),
        submission_deadline=deadline,
        judging_starts=deadline + timedelta(days=1),
        judging_ends=deadline + timedelta(days=10),
        results_date=deadline + timedelta(days=20),
    )


def ready_entry_closing_at(deadline):
    """A submittable draft of a contest closing at ``deadline``, prepared the day before (uploads are
    refused after the deadline, so the real clock must not decide)."""
    with time_machine.travel(deadline - timedelta(days=1), tick=False):
        return ready_entry(team=TeamFactory(contest=contest_closing_at(deadline)))


DEADLINE = datetime(2030, 6, 30, 17, 0, 0, tzinfo=SHANGHAI)


# --- the deadline, to the second -----------------------------------------------------------------------


def test_submit_one_second_before_the_deadline_is_accepted():
    entry = ready_entry_closing_at(DEADLINE)
    with time_machine.travel(DEADLINE - timedelta(seconds=1), tick=False):
        revision, created = submit_entry(entry, leader_of(entry.team))
    assert created is True
    assert revision.submitted_at == DEADLINE - timedelta(seconds=1)
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED


@pytest.mark.parametrize("late", [timedelta(0), timedelta(seconds=1)])
def test_submit_at_or_after_the_deadline_is_refused(late):
    entry = ready_entry_closing_at(DEADLINE)
    with time_machine.travel(DEADLINE + late, tick=False), pytest.raises(EntryLocked) as info:
        submit_entry(entry, leader_of(entry.team))
    assert info.value.message == "提交失败：作品提交已于 2030年6月30日 17:00:00（北京时间） 截止。"
    assert (Entry.objects.get(pk=entry.pk).status, EntryRevision.objects.count()) == (EntryStatus.DRAFT, 0)


def test_submit_view_refuses_at_the_deadline_with_the_time_in_beijing():
    deadline = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    entry = ready_entry(team=TeamFactory(contest=contest_closing_at(deadline)))
    client = client_for(leader_of(entry.team))
    url = reverse("contests:entry_submit", kwargs={"uuid": entry.uuid})
    with time_machine.travel(deadline, tick=False):
        response = client.post(url, {"version": entry.version, "confirm": "yes"})
    local = deadline.astimezone(SHANGHAI)
    expected = f"提交失败：作品提交已于 {local.year}年{local.month}月{local.day}日 {local:%H:%M:%S}（北京时间） 截止。"
    assert messages_of(response) == [expected]
    assert EntryRevision.objects.count() == 0


# --- what a submission needs -------------------------------------------------------------------------------


def test_missing_requirements_lists_every_missing_item():
    entry = EntryFactory(abstract="", approach="  ", team=TeamFactory(contest=ContestFactory(min_team_size=2)))
    assert missing_requirements(entry) == [
        "填写“作品摘要”",
        "填写“技术路线与实施方案”",
        "上传方案书（PDF）",
        "团队至少需要 2 名成员（含队长），目前 1 名。",
    ]


def test_submit_refuses_an_incomplete_entry_with_the_list():
    entry = EntryFactory(problem="")
    add_member(entry.team)
    with pytest.raises(IncompleteEntry) as info:
        submit_entry(entry, leader_of(entry.team))
    assert info.value.message == "作品还不能提交，请先补全：填写“拟解决的问题”；上传方案书（PDF）"
    assert EntryRevision.objects.count() == 0


# --- the revision and the receipt -----------------------------------------------------------------------


def test_submit_freezes_an_immutable_revision_with_file_hashes():
    resource = DataResourceFactory(name="户籍信息", department="省公安厅")
    entry = ready_entry()
    entry.data_resources.add(resource)
    proposal = entry.files.get()
    user = leader_of(entry.team)
    revision, created = submit_entry(entry, user)
    snapshot = revision.snapshot
    assert (revision.number, revision.entry_version, created) == (1, entry.version, True)
    assert snapshot["fields"] == {
        "title": entry.title,
        "abstract": entry.abstract,
        "problem": entry.problem,
        "approach": entry.approach,
        "expected_benefits": entry.expected_benefits,
        "video_url": "",
    }
    assert snapshot["data_resources"] == [{"id": resource.pk, "name": "户籍信息", "department": "省公安厅"}]
    assert snapshot["files"] == [
        {
            "id": proposal.pk,
            "kind": FileKind.PROPOSAL,
            "name": "方案书.pdf",
            "content_type": "application/pdf",
            "size": proposal.size,
            "sha256": hashlib.sha256(make_pdf(["Proposal"])).hexdigest(),
        }
    ]
    assert snapshot["submitted_by"] == {"id": user.pk, "name": str(user), "email": user.email}
    assert revision.receipt_code.startswith(f"SY{entry.contest.year}-")
    with pytest.raises(RuntimeError):
        revision.save()
    with pytest.raises(RuntimeError):
        revision.delete()
    assert list(AuditEvent.objects.filter(action="entry.submit").values_list("after__revision", flat=True)) == [1]


def test_submit_emails_the_receipt_to_every_member_after_commit(django_capture_on_commit_callbacks):
    entry = ready_entry()
    member = entry.team.memberships.exclude(user=leader_of(entry.team)).get().user
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        revision, _created = submit_entry(entry, leader_of(entry.team))
        assert mail.outbox == []  # nothing is sent before the commit
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader_of(entry.team).email, member.email])
    message = mail.outbox[0]
    local = timezone.localtime(revision.submitted_at, SHANGHAI)
    assert message.subject == f"【数用】作品“{entry.title}”提交成功（回执 {revision.receipt_code}）"
    assert f"回执编号：{revision.receipt_code}" in message.body
    assert f"提交时间：{local.year}年{local.month}月{local.day}日 {local:%H:%M:%S}（北京时间）" in message.body
    assert revision.snapshot["files"][0]["sha256"] in message.body
    assert f"http://testserver/portal/entries/{entry.uuid}/receipts/{revision.receipt_code}/" in message.body


def test_receipt_task_skips_a_revision_that_no_longer_exists():
    from contests.tasks.mail import task_send_submission_receipt

    task_send_submission_receipt.delay(entry_revision_id=987654)
    assert mail.outbox == []


def test_receipt_page_shows_beijing_time_and_hashes():
    entry = ready_entry()
    with time_machine.travel(datetime(2026, 1, 5, 1, 2, 3, tzinfo=ZoneInfo("UTC")), tick=False):
        entry.contest.registration_opens = timezone.now() - timedelta(days=1)
        entry.contest.save()
        revision, _created = submit_entry(entry, leader_of(entry.team))
    response = client_for(leader_of(entry.team)).get(
        reverse("contests:entry_receipt", kwargs={"uuid": entry.uuid, "code": revision.receipt_code})
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "2026年1月5日 09:02:03（北京时间）" in content
    assert revision.snapshot["files"][0]["sha256"] in content


# --- exactly once ------------------------------------------------------------------------------------


def test_submitting_the_same_version_twice_creates_one_revision():
    entry = ready_entry()
    user = leader_of(entry.team)
    first, created_first = submit_entry(entry, user, expected_version=entry.version)
    second, created_second = submit_entry(entry, user, expected_version=entry.version)
    assert (first, created_first, created_second) == (second, True, False)
    assert EntryRevision.objects.count() == 1


def test_submit_from_two_tabs_leads_both_to_the_same_receipt(django_capture_on_commit_callbacks):
    entry = ready_entry()
    url = reverse("contests:entry_submit", kwargs={"uuid": entry.uuid})
    tab1, tab2 = client_for(leader_of(entry.team)), client_for(leader_of(entry.team))
    with django_capture_on_commit_callbacks(execute=True):
        first = tab1.post(url, {"version": entry.version, "confirm": "yes"})
        second = tab2.post(url, {"version": entry.version, "confirm": "yes"})
    revision = EntryRevision.objects.get()
    receipt = reverse("contests:entry_receipt", kwargs={"uuid": entry.uuid, "code": revision.receipt_code})
    assert (first["Location"], second["Location"]) == (receipt, receipt)
    assert messages_of(second) == ["这一版本已经提交过，以下是它的回执。"]
    assert len(mail.outbox) == 2  # one receipt per member, sent once


def test_submit_returns_the_existing_revision_when_the_unique_constraint_fires():
    """Another request committed a revision of this version between our checks and our insert."""
    entry = ready_entry()
    user = leader_of(entry.team)
    raced = EntryRevision.objects.create(
        entry=entry,
        number=1,
        entry_version=entry.version,
        snapshot={},
        submitted_by=user,
        submitted_at=timezone.now(),
        receipt_code="SY-RACED",
    )
    revision, created = submit_entry(entry, user)
    assert (revision, created, EntryRevision.objects.count()) == (raced, False, 1)


def test_submit_refuses_a_version_the_user_has_not_seen():
    entry = ready_entry()
    with pytest.raises(ContestError) as info:
        submit_entry(entry, leader_of(entry.team), expected_version=entry.version + 1)
    assert info.value.code == "stale"
    assert EntryRevision.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submits_create_one_revision(postgres):
    entry = ready_entry()
    user = leader_of(entry.team)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(submit_entry(Entry.objects.get(pk=entry.pk), user, expected_version=entry.version))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created for _revision, created in results) == [False, True]
    assert EntryRevision.objects.filter(entry=entry).count() == 1


# --- withdraw, resubmit, and read-only after the deadline ----------------------------------------------------


def test_withdraw_and_resubmit_make_a_second_revision():
    entry = ready_entry()
    user = leader_of(entry.team)
    first, _ = submit_entry(entry, user)
    assert withdraw_entry(entry, user) == first.entry_version + 1
    entry.refresh_from_db()
    assert (entry.status, entry.version) == (EntryStatus.DRAFT, first.entry_version + 1)
    save_draft(entry, user, {**content_of(entry), "title": "修改后的标题"}, base_version=entry.version)
    second, created = submit_entry(entry, user)
    assert (created, second.number, second.snapshot["fields"]["title"]) == (True, 2, "修改后的标题")
    assert second.receipt_code != first.receipt_code
    assert first.snapshot["fields"]["title"] != "修改后的标题"  # the first revision did not change


def test_withdraw_view_returns_the_entry_to_draft():
    entry = ready_entry()
    submit_entry(entry, leader_of(entry.team))
    url = reverse("contests:entry_withdraw", kwargs={"uuid": entry.uuid})
    response = client_for(leader_of(entry.team)).post(url, {"confirm": "on"})
    assert messages_of(response) == ["已撤回提交，作品回到草稿状态。修改后请在截止前再次提交。"]
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.DRAFT


def test_after_the_deadline_the_team_can_neither_withdraw_nor_edit():
    entry = ready_entry_closing_at(DEADLINE)
    user = leader_of(entry.team)
    with time_machine.travel(DEADLINE - timedelta(minutes=5), tick=False):
        submit_entry(entry, user)
    entry.refresh_from_db()
    with time_machine.travel(DEADLINE + timedelta(seconds=1), tick=False):
        with pytest.raises(EntryLocked) as withdraw_error:
            withdraw_entry(entry, user)
        with pytest.raises(EntryLocked) as edit_error:
            save_draft(entry, user, {**content_of(entry), "title": "截止后"}, base_version=entry.version)
    assert withdraw_error.value.message == edit_error.value.message == "作品提交已截止，作品只能查看，不能再修改。"
    entry.refresh_from_db()
    assert (entry.status, entry.revisions.count()) == (EntryStatus.SUBMITTED, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_teams_save_in_progress_does_not_hold_up_another_teams_save_and_submit(postgres):
    """Two teams of one contest at the deadline: while team A's draft save still holds its locks
    (its transaction not yet committed — as during a slow upload), team B saves and submits at once.
    Locking the joined contest row as well would make B wait for A (here: fail on the lock timeout)."""
    first = ready_entry()
    second = ready_entry(team=TeamFactory(contest=first.contest))
    holding, release, errors = threading.Event(), threading.Event(), []

    def save_and_hold():
        try:
            with transaction.atomic():
                save_draft(first, leader_of(first.team), content_of(first), base_version=first.version)
                holding.set()
                release.wait(timeout=30)
        except Exception as exc:  # asserted below
            errors.append(exc)
        finally:
            holding.set()
            connection.close()

    thread = threading.Thread(target=save_and_hold)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        user = leader_of(second.team)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            version = save_draft(second, user, content_of(second), base_version=second.version)
            revision, created = submit_entry(Entry.objects.get(pk=second.pk), user, expected_version=version)
    finally:
        release.set()
        thread.join()
    assert errors == []
    assert created and revision.entry_version == version
    assert Entry.objects.get(pk=first.pk).version == first.version + 1
