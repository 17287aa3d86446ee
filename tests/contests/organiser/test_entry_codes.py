"""作品编号 is one code everywhere an organiser looks: the entries list, its spreadsheet export and
the contest export (tests/contests/services/exports/test_workbook.py), the judging pages."""

import csv
import io
import re

import pytest
from django.urls import reverse

from contests.services.judging.judges import blind_code
from tests.contests.factories import OrganiserFactory
from tests.contests.factories.exports import ExportEntryFactory

pytestmark = pytest.mark.django_db


def test_entries_list_and_its_csv_show_the_entry_code_not_the_uuid(client):
    entry = ExportEntryFactory(title="养老服务精准匹配")
    client.force_login(OrganiserFactory())

    page = client.get(reverse("contest_entries:index"))
    exported = client.get(reverse("contest_entries:index"), {"export": "csv"})

    assert re.search(rf"<td[^>]*>\s*{blind_code(entry)}\s*</td>", page.text)
    rows = list(csv.reader(io.StringIO(exported.getvalue().decode("utf-8-sig"))))
    code_column = rows[0].index("作品编号")
    assert [row[code_column] for row in rows[1:]] == [blind_code(entry)]
    assert str(entry.uuid) not in exported.getvalue().decode("utf-8-sig")
