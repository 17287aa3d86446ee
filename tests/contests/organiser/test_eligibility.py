"""Eligibility review by organisers: service rules, the admin pages and the bulk action."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests.choices import EntryStatus, IneligibilityReason
from contests.models import AuditEvent, Entry
from contests.services import ContestError
from contests.services.eligibility import review_entry
from tests.contests.factories import OrganiserFactory, TeamFactory, UserFactory
from tests.contests.factories.entries import EntryFactory, add_member, leader_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_deadline(contest):
    with time_machine.travel(contest.submission_deadline + timedelta(hours=1), tick=False) as traveller:
        yield traveller


def submitted_entry(contest, **kwargs):
    entry = EntryFactory(team=TeamFactory(contest=contest), status=EntryStatus.SUBMITTED, **kwargs)
    add_member(entry.team)
    return entry


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


# --- the service -------------------------------------------------------------------------------------


def test_review_entry_marks_eligible_records_audit_and_notifies_the_team(
    contest, after_deadline, django_capture_on_commit_callbacks
):
    entry = submitted_entry(contest, title="乡村振兴数据地图")
    organiser = OrganiserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        review_entry(entry, organiser, eligible=True, note="材料齐全")
    entry.refresh_from_db()
    assert (entry.status, entry.eligibility_reason, entry.eligibility_note, entry.eligibility_reviewed_by) == (
        EntryStatus.ELIGIBLE,
        "",
        "材料齐全",
        organiser,
    )
    event = AuditEvent.objects.get(action="entry.eligibility")
    assert (event.actor, event.object_id, event.before, event.after, event.note) == (
        organiser,
        str(entry.pk),
        {"status": "submitted", "reason": "", "note": ""},
        {"status": "eligible", "reason": "", "note": "材料齐全"},
        "材料齐全",
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(entry.team.memberships.values_list("user__email", flat=True))
    assert mail.outbox[0].subject == "【数用】作品“乡村振兴数据地图”已通过形式审查"


def test_review_entry_ineligible_tells_the_team_the_reason(contest, after_deadline, django_capture_on_commit_callbacks):
    entry = submitted_entry(contest, title="智慧医保")
    with django_capture_on_commit_callbacks(execute=True):
        review_entry(
            entry,
            OrganiserFactory(),
            eligible=False,
            reason=IneligibilityReason.IDENTITY_DISCLOSED,
            note="封面有单位名称",
        )
    entry.refresh_from_db()
    assert (entry.status, entry.eligibility_reason) == (EntryStatus.INELIGIBLE, IneligibilityReason.IDENTITY_DISCLOSED)
    body = mail.outbox[0].body
    assert "很遗憾，你们的作品“智慧医保”未通过形式审查。原因：方案书中泄露团队身份。" in body
    assert "说明：封面有单位名称" in body


def test_review_entry_requires_a_reason_and_a_note_for_other(contest, after_deadline):
    entry = submitted_entry(contest)
    organiser = OrganiserFactory()
    with pytest.raises(ContestError) as no_reason:
        review_entry(entry, organiser, eligible=False)
    with pytest.raises(ContestError) as no_note:
        review_entry(entry, organiser, eligible=False, reason=IneligibilityReason.OTHER, note=" ")
    assert (no_reason.value.code, no_note.value.code) == ("reason", "note")
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED


@pytest.mark.clock
def test_review_entry_waits_for_the_deadline(contest):
    entry = submitted_entry(contest)
    with pytest.raises(ContestError) as info:
        review_entry(entry, OrganiserFactory(), eligible=True)
    assert info.value.message == "作品提交截止后才能进行形式审查（截止前团队仍可撤回修改）。"
    assert AuditEvent.objects.filter(action="entry.eligibility").count() == 0


def test_review_entry_refuses_non_organisers_and_drafts(contest, after_deadline):
    entry = submitted_entry(contest)
    with pytest.raises(ContestError) as forbidden:
        review_entry(entry, UserFactory(is_staff=True), eligible=True)
    draft = EntryFactory(team=TeamFactory(contest=contest))
    with pytest.raises(ContestError) as not_submitted:
        review_entry(draft, OrganiserFactory(), eligible=True)
    assert (forbidden.value.code, not_submitted.value.code) == ("forbidden", "status")


def test_review_entry_can_revise_a_decision_and_records_both(contest, after_deadline):
    entry = submitted_entry(contest)
    organiser = OrganiserFactory()
    review_entry(entry, organiser, eligible=False, reason=IneligibilityReason.INCOMPLETE)
    review_entry(entry, organiser, eligible=True, note="补充材料后复核通过")
    entry.refresh_from_db()
    assert (entry.status, entry.eligibility_reason) == (EntryStatus.ELIGIBLE, "")
    assert list(
        AuditEvent.objects.filter(action="entry.eligibility").order_by("pk").values_list("after__status", flat=True)
    ) == [
        "ineligible",
        "eligible",
    ]


# --- the admin pages ------------------------------------------------------------------------------------


def test_eligibility_list_bulk_action_marks_the_ticked_entries(contest, after_deadline):
    ticked = [submitted_entry(contest), submitted_entry(contest)]
    untouched = submitted_entry(contest)
    draft = EntryFactory(team=TeamFactory(contest=contest))
    client = client_for(OrganiserFactory())
    url = reverse("contest_eligibility") + f"?contest={contest.pk}"
    listing = client.get(url)
    assert [e.pk for e in listing.context["entries"]] == [e.pk for e in (*ticked, untouched)]
    response = client.post(
        url,
        {
            "entries": [e.pk for e in ticked] + [draft.pk],
            "decision": "ineligible",
            "reason": IneligibilityReason.OFF_TOPIC,
            "note": "",
        },
    )
    assert response.status_code == 302
    statuses = dict(Entry.objects.values_list("pk", "status"))
    assert [statuses[e.pk] for e in (*ticked, untouched, draft)] == [
        EntryStatus.INELIGIBLE,
        EntryStatus.INELIGIBLE,
        EntryStatus.SUBMITTED,
        EntryStatus.DRAFT,
    ]


def test_eligibility_entry_page_records_a_decision(contest, after_deadline):
    entry = submitted_entry(contest)
    client = client_for(OrganiserFactory())
    url = reverse("contest_eligibility_entry", kwargs={"pk": entry.pk})
    assert client.get(url).context["entry"] == entry
    client.post(url, {"decision": "eligible", "reason": "", "note": "通过"})
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.ELIGIBLE


def test_eligibility_pages_are_refused_to_staff_who_are_not_organisers(contest, after_deadline):
    entry = submitted_entry(contest)
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = client_for(editor)
    responses = [
        client.get(reverse("contest_eligibility")),
        client.post(reverse("contest_eligibility_entry", kwargs={"pk": entry.pk}), {"decision": "eligible"}),
    ]
    assert [r.status_code for r in responses] == [302, 302]
    assert [r["Location"] for r in responses] == [reverse("wagtailadmin_home")] * 2
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED


def test_eligibility_list_query_count_does_not_grow_with_entries(contest, after_deadline):
    client = client_for(OrganiserFactory())
    url = reverse("contest_eligibility") + f"?contest={contest.pk}"
    counts = []
    for total in (5, 50):
        while Entry.objects.filter(contest=contest).count() < total:
            submitted_entry(contest)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["entries"]) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_team_member_sees_the_eligibility_result_on_the_entry_page(contest, after_deadline):
    entry = submitted_entry(contest)
    review_entry(entry, OrganiserFactory(), eligible=False, reason=IneligibilityReason.INCOMPLETE, note="缺少附件")
    response = client_for(leader_of(entry.team)).get(reverse("contests:entry_detail", kwargs={"uuid": entry.uuid}))
    content = response.content.decode()
    assert "形式审查未通过：材料不完整" in content
    assert "缺少附件" in content
