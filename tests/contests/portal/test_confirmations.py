"""Submitting and withdrawing an entry need a confirmation step that says what will happen; a POST
without the confirmation changes nothing. The receipt is printable and downloadable as PDF, for
the team only."""

import io
import re

import pytest
from django.core import mail
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from pypdf import PdfReader

from contests.choices import EntryStatus
from contests.models import EntryRevision
from contests.services.submission import submit_entry
from tests.contests.factories import TeamFactory
from tests.contests.factories.entries import EntryFactory, leader_of, ready_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(client):
    entry = ready_entry(video_url="https://www.bilibili.com/video/BV1xx411c7mD")
    client.force_login(leader_of(entry.team))
    return entry


def submit_url(entry):
    return reverse("contests:entry_submit", kwargs={"uuid": entry.uuid})


def withdraw_url(entry):
    return reverse("contests:entry_withdraw", kwargs={"uuid": entry.uuid})


def test_the_review_page_lists_what_will_be_submitted(client, entry):
    html = client.get(submit_url(entry)).content.decode()
    proposal = entry.files.get()
    assert entry.title in html and entry.track.name in html
    for membership in entry.team.memberships.select_related("user"):
        assert membership.user.get_full_name() in html
    assert proposal.original_name in html
    assert filesizeformat(proposal.size) in html
    assert proposal.sha256 in html
    assert "https://www.bilibili.com/video/BV1xx411c7mD" in html
    assert "截止时间前可撤回后重新提交" in html
    assert 'name="confirm"' in html
    assert not EntryRevision.objects.exists()


def test_submit_without_confirmation_changes_nothing(client, entry):
    response = client.post(submit_url(entry), {"version": entry.version})
    entry.refresh_from_db()
    assert response.status_code == 200
    assert "请核对以上内容后点击“确认提交”。" in response.content.decode()
    assert (entry.status, EntryRevision.objects.count(), len(mail.outbox)) == (EntryStatus.DRAFT, 0, 0)


def test_confirmed_submit_creates_the_revision_and_shows_the_receipt(client, entry):
    response = client.post(submit_url(entry), {"version": entry.version, "confirm": "yes"})
    revision = EntryRevision.objects.get()
    assert response["Location"] == reverse(
        "contests:entry_receipt", kwargs={"uuid": entry.uuid, "code": revision.receipt_code}
    )


def test_the_entry_page_leads_to_the_review_not_to_a_submission(client, entry):
    html = client.get(reverse("contests:entry_detail", kwargs={"uuid": entry.uuid})).content.decode()
    link = re.search(r'<a class="button" href="([^"]+)"[^>]*>提交作品…</a>', html)
    assert link.group(1) == submit_url(entry)
    assert f'action="{submit_url(entry)}"' not in html  # no form on this page submits


def test_the_withdraw_page_says_what_withdrawing_means(client, entry):
    submit_entry(entry, leader_of(entry.team))
    html = client.get(withdraw_url(entry)).content.decode()
    assert "截止前必须再次提交，否则视为未提交" in html
    assert 'type="checkbox" name="confirm"' in html


def test_withdraw_without_confirmation_changes_nothing(client, entry):
    submit_entry(entry, leader_of(entry.team))
    response = client.post(withdraw_url(entry), {})
    entry.refresh_from_db()
    assert response.status_code == 200
    assert "请勾选确认后再撤回。" in response.content.decode()
    assert entry.status == EntryStatus.SUBMITTED


def test_confirmed_withdraw_returns_the_entry_to_draft(client, entry):
    submit_entry(entry, leader_of(entry.team))
    response = client.post(withdraw_url(entry), {"confirm": "on"})
    entry.refresh_from_db()
    assert (response.status_code, entry.status) == (302, EntryStatus.DRAFT)


def receipt_pdf_url(entry, revision):
    return reverse("contests:entry_receipt_pdf", kwargs={"uuid": entry.uuid, "code": revision.receipt_code})


def test_the_receipt_pdf_holds_the_code_and_every_hash(client, entry):
    revision, _created = submit_entry(entry, leader_of(entry.team))
    response = client.get(receipt_pdf_url(entry, revision))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert f"{revision.receipt_code}.pdf" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert revision.receipt_code in text
    assert entry.files.get().sha256 in text.replace("\n", "")


def test_another_team_gets_404_for_the_receipt_pdf(client, entry):
    revision, _created = submit_entry(entry, leader_of(entry.team))
    stranger = leader_of(EntryFactory(team=TeamFactory(contest=entry.contest)).team)
    client.force_login(stranger)
    assert client.get(receipt_pdf_url(entry, revision)).status_code == 404
    assert (
        client.get(
            reverse("contests:entry_receipt", kwargs={"uuid": entry.uuid, "code": revision.receipt_code})
        ).status_code
        == 404
    )


def test_the_receipt_page_links_its_pdf(client, entry):
    revision, _created = submit_entry(entry, leader_of(entry.team))
    html = client.get(
        reverse("contests:entry_receipt", kwargs={"uuid": entry.uuid, "code": revision.receipt_code})
    ).content.decode()
    assert f'href="{receipt_pdf_url(entry, revision)}"' in html
