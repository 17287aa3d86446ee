"""The entry form demo: one question per track, a contest-wide URL, a conditional follow-up, the
final round's 路演PPT, valid answers on a few entries — and nothing more on a second run."""

import pytest

from contests.demo.contest import load_contest
from contests.demo.entries import load_entries
from contests.demo.entry_forms import ANSWERS, load_entry_forms
from contests.models import Entry, EntryFormField
from contests.services.entry_forms import fields_for, validate_answers

pytestmark = pytest.mark.django_db


def test_demo_questions_are_valid_answered_and_loaded_once(demo_site):
    load_contest(None, {"teams": 12, "seed": 2026})
    load_entries(None, {"seed": 2026})
    load_entry_forms(None, {})
    rows = sorted(EntryFormField.objects.values_list("key", "kind", "track__slug", "round__number", "condition_key"))
    assert rows == [
        ("data_usage", "choice", "xiangcun", None, ""),
        ("demo_url", "url", None, None, ""),
        ("pilot_unit", "text", "shuzi-shehui", None, ""),
        ("roadshow_ppt", "file", None, 2, ""),
        ("sandbox_reason", "long_text", "xiangcun", None, "data_usage"),
    ]
    for field in EntryFormField.objects.all():
        field.full_clean()
    answered = list(Entry.objects.exclude(extra={}).select_related("track"))
    expected = sum(min(len(rows), Entry.objects.filter(track__slug=slug).count()) for slug, rows in ANSWERS.items())
    assert len(answered) == expected > 0
    assert {entry.track.slug for entry in answered} <= set(ANSWERS)
    for entry in answered:
        data = {f"extra__{key}": value for key, value in entry.extra.items()}
        answers, errors = validate_answers(entry, data)
        assert (answers, errors) == (entry.extra, {})
        assert all(not f.round_id for f in fields_for(entry))
    before = (EntryFormField.objects.count(), list(Entry.objects.order_by("pk").values_list("extra", flat=True)))
    load_entry_forms(None, {})
    assert (
        EntryFormField.objects.count(),
        list(Entry.objects.order_by("pk").values_list("extra", flat=True)),
    ) == before
