"""The entry pages keep a constant number of queries, however many entries, files and revisions."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests.choices import FileKind
from contests.services.submission import submit_entry, withdraw_entry
from tests.contests.factories import TeamFactory
from tests.contests.factories.entries import (
    DataResourceFactory,
    EntryFactory,
    attach,
    leader_of,
    pdf_upload,
    ready_entry,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (site, site settings) that the first request fills
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow(entry, total_entries):
    """Fill the contest up to ``total_entries`` and give ``entry`` more of everything it lists."""
    while entry.contest.entries.count() < total_entries:
        EntryFactory(team=TeamFactory(contest=entry.contest))
    user = leader_of(entry.team)
    entry.data_resources.add(*DataResourceFactory.create_batch(3))
    attach(entry, FileKind.ATTACHMENT, pdf_upload("附件.pdf"))
    revision, _ = submit_entry(entry, user)
    withdraw_entry(entry, user)
    entry.refresh_from_db()
    return revision


def test_entry_detail_query_count_is_the_same_with_5_and_50_entries():
    entry = ready_entry()
    client = Client()
    client.force_login(leader_of(entry.team))
    url = reverse("contests:entry_detail", kwargs={"uuid": entry.uuid})
    grow(entry, 5)
    with_5 = count_queries(client, url)
    grow(entry, 50)
    with_50 = count_queries(client, url)
    assert with_5 == with_50


def test_entry_receipt_query_count_is_the_same_with_few_and_many_files():
    entry = ready_entry()
    client = Client()
    client.force_login(leader_of(entry.team))
    small = grow(entry, 5)
    for number in range(4):
        attach(entry, FileKind.ATTACHMENT, pdf_upload(f"附件{number}.pdf"))
    large = grow(entry, 50)
    counts = [
        count_queries(client, reverse("contests:entry_receipt", kwargs={"uuid": entry.uuid, "code": r.receipt_code}))
        for r in (small, large)
    ]
    assert len(large.snapshot["files"]) > len(small.snapshot["files"])
    assert counts[0] == counts[1]
