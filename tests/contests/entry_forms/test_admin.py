"""Organisers configure the questions in the admin; an answered question keeps its key and kind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests.models import Entry, EntryFormField
from contests.models.entry_forms import FieldKind
from tests.contests.entry_forms.helpers import question
from tests.contests.factories import TrackFactory
from tests.contests.factories.entries import EntryFactory

pytestmark = pytest.mark.django_db


def post_data(field, **changes):
    data = {
        "contest": field.contest_id,
        "track": field.track_id or "",
        "round": field.round_id or "",
        "key": field.key,
        "label": field.label,
        "kind": field.kind,
        "help_text": field.help_text,
        "word_limit": field.word_limit or "",
        "choices": field.choices,
        "condition_key": field.condition_key,
        "condition_value": field.condition_value,
        "sort_order": field.sort_order,
        **({"show_to_judges": "on"} if field.show_to_judges else {}),
        **({"active": "on"} if field.active else {}),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_organiser_adds_a_question_for_one_track(client, signed_in_boss, contest):
    track = TrackFactory(contest=contest)
    template = EntryFormField(contest=contest, key="pilot", label="试点单位", kind=FieldKind.TEXT, track=track)
    response = client.post(reverse("contest_form_fields:add"), post_data(template, word_limit=20))
    assert response.status_code == 302
    saved = EntryFormField.objects.get()
    assert (saved.key, saved.track, saved.word_limit, saved.active) == ("pilot", track, 20, True)


def test_changing_kind_or_key_of_an_answered_question_is_refused(client, signed_in_boss):
    entry = EntryFactory(extra={"pilot": "济南"})
    field = question(entry.contest, "pilot", label="试点单位")
    url = reverse("contest_form_fields:edit", args=[field.pk])
    for change in ({"kind": FieldKind.NUMBER}, {"key": "pilot2"}):
        response = client.post(url, post_data(field, **change))
        assert response.status_code == 200
        assert "已有作品回答了该字段" in response.content.decode()
    field.refresh_from_db()
    assert (field.key, field.kind) == ("pilot", FieldKind.TEXT)
    # Switching it off is allowed.
    response = client.post(url, post_data(field, active=None, label="试点单位（旧）"))
    assert response.status_code == 302
    field.refresh_from_db()
    assert (field.active, field.label) == (False, "试点单位（旧）")
    Entry.objects.all().update(extra={})
    response = client.post(url, post_data(field, kind=FieldKind.LONG_TEXT))
    assert response.status_code == 302


def test_a_condition_must_name_a_question_of_the_contest(client, signed_in_boss, contest):
    template = EntryFormField(contest=contest, key="why", label="原因", condition_key="nope", condition_value="是")
    response = client.post(reverse("contest_form_fields:add"), post_data(template))
    assert response.status_code == 200
    assert "本届大赛没有标识为“nope”的字段。" in response.content.decode()
    assert not EntryFormField.objects.exists()


def test_team_members_cannot_reach_the_admin_list(client, contest):
    entry = EntryFactory()
    client.force_login(entry.team.created_by)
    response = client.get(reverse("contest_form_fields:index"))
    assert response.status_code in (302, 403)


def _index_queries(client):
    url = reverse("contest_form_fields:index")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_admin_list_query_count_does_not_grow(client, signed_in_boss, contest):
    tracks = [TrackFactory(contest=contest) for _ in range(2)]
    for n in range(2):
        question(contest, f"q{n}", track=tracks[n % 2])
    few = _index_queries(client)
    for n in range(2, 12):
        question(contest, f"q{n}", track=tracks[n % 2])
    assert _index_queries(client) == few
