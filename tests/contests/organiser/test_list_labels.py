"""The organiser lists: 作品编号 is the code every admin page shows (also in the contest export, see
tests/contests/services/exports/test_workbook.py), and same-named tracks of two contests are told apart."""

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


def test_track_filters_name_the_contest_of_same_named_tracks(client):
    from tests.contests.factories import ContestFactory, TrackFactory

    TrackFactory(contest=ContestFactory(name="2026 数据应用创新大赛"), name="城市治理")
    TrackFactory(contest=ContestFactory(name="2025 数据应用创新大赛"), name="城市治理")
    client.force_login(OrganiserFactory())

    for url, name in (("contest_entries:index", "track"), ("contest_teams:index", "track")):
        filters = client.get(reverse(url)).context["filters"].form
        labels = sorted(label for value, label in filters.fields[name].choices if value)
        assert labels == ["2025 数据应用创新大赛 · 城市治理", "2026 数据应用创新大赛 · 城市治理"], url
