"""The demo entries: every state, real PDFs whose hashes match, and nothing doubled on a rerun."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from contests.choices import EntryStatus, FileKind
from contests.demo.contest import load_contest
from contests.demo.entries import load_entries
from contests.models import AuditEvent, Entry, EntryFile, EntryRevision

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_contest(demo_site):
    load_contest(None, {"teams": 24, "seed": 2026})


def test_demo_entries_cover_every_state_and_are_idempotent(demo_contest):
    load_entries(None, {"seed": 2026})
    statuses = set(Entry.objects.values_list("status", flat=True))
    assert statuses == {EntryStatus.DRAFT, EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE}
    counts = (
        Entry.objects.count(),
        EntryFile.objects.count(),
        EntryRevision.objects.count(),
        AuditEvent.objects.count(),
    )
    assert counts[0] == 24
    load_entries(None, {"seed": 2026})
    assert (
        Entry.objects.count(),
        EntryFile.objects.count(),
        EntryRevision.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_demo_first_team_has_a_draft_to_try(demo_contest):
    load_entries(None, {"seed": 2026})
    first = Entry.objects.filter(team__created_by__email="team1@shuyong.example").get()
    assert (first.status, first.files.filter(kind=FileKind.PROPOSAL).count()) == (EntryStatus.DRAFT, 1)


def test_demo_proposals_are_valid_pdfs_matching_their_hashes_and_receipts(demo_contest):
    load_entries(None, {"seed": 2026})
    for revision in EntryRevision.objects.select_related("entry"):
        listed = revision.snapshot["files"][0]
        stored = EntryFile.objects.get(pk=listed["id"])
        with stored.file.open("rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == listed["sha256"] == stored.sha256
        assert len(PdfReader(io.BytesIO(data)).pages) == 1
        assert revision.entry.status != EntryStatus.DRAFT


def test_demo_ineligible_entries_have_a_reason_and_an_audit_event(demo_contest):
    load_entries(None, {"seed": 2026})
    ineligible = Entry.objects.filter(status=EntryStatus.INELIGIBLE)
    assert ineligible.exists()
    assert not ineligible.filter(eligibility_reason="").exists()
    reviewed = set(
        Entry.objects.filter(status__in=[EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE]).values_list("pk", flat=True)
    )
    audited = {
        int(pk) for pk in AuditEvent.objects.filter(action="entry.eligibility").values_list("object_id", flat=True)
    }
    assert audited == reviewed
