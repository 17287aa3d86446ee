"""Organisers configure the questions in the admin; an answered question keeps its key and kind."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests.choices import EntryStatus
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


def test_an_option_someone_chose_cannot_be_removed(client, signed_in_boss):
    entry = EntryFactory(extra={"usage": "沙箱内分析", "tags": ["养老", "医疗"]})
    single = question(entry.contest, "usage", FieldKind.CHOICE, choices="数据接口\n沙箱内分析")
    multi = question(entry.contest, "tags", FieldKind.MULTI_CHOICE, choices="养老\n医疗\n教育")
    response = client.post(
        reverse("contest_form_fields:edit", args=[single.pk]), post_data(single, choices="数据接口\n沙箱分析")
    )
    assert response.status_code == 200
    assert "已有作品选择了“沙箱内分析”，不能删除或改写这些选项" in response.content.decode()
    response = client.post(reverse("contest_form_fields:edit", args=[multi.pk]), post_data(multi, choices="养老\n教育"))
    assert "已有作品选择了“医疗”" in response.content.decode()
    single.refresh_from_db()
    multi.refresh_from_db()
    assert "沙箱内分析" in single.choice_list() and "医疗" in multi.choice_list()
    # Adding an option, or dropping one nobody chose, is fine.
    edit_multi = reverse("contest_form_fields:edit", args=[multi.pk])
    response = client.post(edit_multi, post_data(multi, choices="养老\n医疗\n就业"))
    assert response.status_code == 302
    multi.refresh_from_db()
    assert multi.choice_list() == ["养老", "医疗", "就业"]


def test_organisers_switch_questions_off_rather_than_delete_them(client, signed_in_boss, contest):
    field = question(contest, "note", label="备注")
    client.post(reverse("contest_form_fields:delete", args=[field.pk]))
    assert EntryFormField.objects.filter(pk=field.pk).exists()


def test_an_answered_question_cannot_be_deleted_even_by_a_superuser(admin_client):
    client = admin_client
    entry = EntryFactory(extra={"pilot": "济南"})
    answered = question(entry.contest, "pilot", label="试点单位")
    url = reverse("contest_form_fields:delete", args=[answered.pk])
    response = client.get(url)
    assert response.status_code == 200, response
    assert "已有作品回答了该字段，不能删除" in response.content.decode()
    response = client.post(url, follow=True)
    assert "已有作品回答了“试点单位”，不能删除" in response.content.decode()
    assert EntryFormField.objects.filter(pk=answered.pk).exists()
    # So a new question cannot take over the answers under the same key.
    unanswered = question(entry.contest, "note", label="备注")
    assert client.post(reverse("contest_form_fields:delete", args=[unanswered.pk])).status_code == 302
    assert not EntryFormField.objects.filter(pk=unanswered.pk).exists()


def test_a_question_another_one_depends_on_cannot_be_deleted(admin_client, contest):
    client = admin_client
    usage = question(contest, "usage", FieldKind.CHOICE, label="使用方式", choices="接口\n沙箱")
    question(contest, "why", label="选择沙箱的原因", condition_key="usage", condition_value="沙箱")
    response = client.post(reverse("contest_form_fields:delete", args=[usage.pk]), follow=True)
    assert "“选择沙箱的原因”的显示条件引用了该字段" in response.content.decode()
    assert EntryFormField.objects.filter(pk=usage.pk).exists()


def test_a_condition_must_be_asked_of_the_same_entries(client, signed_in_boss, contest):
    track, other_track = TrackFactory(contest=contest), TrackFactory(contest=contest)
    question(contest, "usage", FieldKind.CHOICE, label="使用方式", choices="接口\n沙箱", track=other_track)
    template = EntryFormField(
        contest=contest, key="why", label="原因", track=track, condition_key="usage", condition_value="沙箱"
    )
    response = client.post(reverse("contest_form_fields:add"), post_data(template))
    assert response.status_code == 200
    assert "字段“使用方式”不会向填写本字段的作品提问" in response.content.decode()
    # The same track (or a question for all tracks) is fine.
    response = client.post(reverse("contest_form_fields:add"), post_data(template, track=other_track.pk))
    assert response.status_code == 302


def test_a_condition_on_a_choice_must_name_one_of_its_options(client, signed_in_boss, contest):
    question(contest, "usage", FieldKind.CHOICE, label="使用方式", choices="接口\n沙箱")
    template = EntryFormField(contest=contest, key="why", label="原因", condition_key="usage", condition_value="沙盒")
    response = client.post(reverse("contest_form_fields:add"), post_data(template))
    assert "取值须是字段“使用方式”的选项之一：接口、沙箱。" in response.content.decode()
    assert not EntryFormField.objects.filter(key="why").exists()


def test_the_eligibility_review_links_a_file_answer(client, signed_in_boss):
    from contests.services.files import store_entry_file
    from tests.contests.factories.entries import leader_of, pdf_upload

    entry = EntryFactory()
    letter = question(entry.contest, "letter", FieldKind.FILE, label="合作证明")
    stored = store_entry_file(entry, "attachment", pdf_upload("合作证明.pdf"), leader_of(entry.team), field=letter)
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.SUBMITTED)
    page = client.get(reverse("contest_eligibility_entry", args=[entry.pk])).content.decode()
    link = reverse("contests:entry_file_download", kwargs={"uuid": entry.uuid, "file_id": stored.pk})
    assert f'<dd><a href="{link}">合作证明.pdf</a></dd>' in page
    download = client.get(link)
    assert download.status_code == 200
    download.close()


def test_a_new_condition_that_would_hide_saved_answers_is_refused(client, signed_in_boss):
    entry = EntryFactory(extra={"usage": "接口", "why": "已写好的说明"})
    question(entry.contest, "usage", FieldKind.CHOICE, label="使用方式", choices="接口\n沙箱")
    why = question(entry.contest, "why", label="说明")
    url = reverse("contest_form_fields:edit", args=[why.pk])
    response = client.post(url, post_data(why, condition_key="usage", condition_value="沙箱"))
    assert "部分已回答该字段的作品将不再显示该字段" in response.content.decode()
    why.refresh_from_db()
    assert why.condition_key == ""
    # A condition every answered entry meets is fine.
    assert client.post(url, post_data(why, condition_key="usage", condition_value="接口")).status_code == 302


def test_the_question_list_and_its_spreadsheet_say_yes_or_no_in_chinese(client, signed_in_boss, contest):
    question(contest, "usage", FieldKind.CHOICE, label="使用方式", choices="接口\n沙箱", required=True)
    page = client.get(reverse("contest_form_fields:index")).content.decode()
    cells = re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", page)
    assert "是" in cells and "True" not in cells and "False" not in cells
    response = client.get(reverse("contest_form_fields:index") + "?export=csv")
    csv_text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert ",usage,使用方式,单选,是," in csv_text
    assert "True" not in csv_text and "choice" not in csv_text
