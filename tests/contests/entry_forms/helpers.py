"""Configured questions for tests."""

from contests.models import EntryFormField
from contests.models.entry_forms import FieldKind


def question(contest, key, kind=FieldKind.TEXT, **kwargs):
    kwargs.setdefault("label", key)
    return EntryFormField.objects.create(contest=contest, key=key, kind=kind, **kwargs)
