"""The 补充信息 fieldset in the portal: shown per track, saved with the draft's optimistic lock,
conditional without JavaScript, file answers, the submission checklist, revisions and receipts."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests.choices import EntryStatus
from contests.models import Entry, EntryFile
from contests.models.entry_forms import FieldKind
from contests.services.entries import StaleDraft, content_of, save_draft
from contests.services.entry_forms import answers_snapshot, missing_answers
from contests.services.files import store_entry_file
from contests.services.receipts import receipt_pdf
from contests.services.submission import missing_requirements, submit_entry
from tests.contests.entry_forms.helpers import question
from tests.contests.factories import TrackFactory
from tests.contests.factories.entries import EntryFactory, add_member, leader_of, pdf_upload, ready_entry

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def form_data(entry, **changes):
    content = content_of(entry)
    content.pop("extra")
    data = {**content, "version": entry.version, **changes}
    data["video_url"] = data["video_url"] or ""
    return data


def edit_url(entry):
    return reverse("contests:entry_edit", kwargs={"uuid": entry.uuid})


def test_edit_form_shows_the_tracks_questions_only():
    entry = EntryFactory()
    question(entry.contest, "pilot", label="试点单位", track=entry.track)
    question(entry.contest, "other", label="别的赛道问题", track=TrackFactory(contest=entry.contest))
    page = client_for(leader_of(entry.team)).get(edit_url(entry)).content.decode()
    assert "补充信息" in page
    assert "试点单位" in page
    assert "别的赛道问题" not in page


def test_saving_the_draft_stores_answers_and_keeps_others():
    entry = EntryFactory(extra={"final_ppt_note": "决赛材料"})
    question(entry.contest, "pilot", label="试点单位", word_limit=10)
    client = client_for(leader_of(entry.team))
    response = client.post(edit_url(entry), form_data(entry, extra__pilot="济南市民政局"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.extra == {"final_ppt_note": "决赛材料", "pilot": "济南市民政局"}
    assert entry.version == 2


def test_an_invalid_answer_saves_nothing_and_says_why():
    entry = EntryFactory()
    question(entry.contest, "pilot", label="试点单位", word_limit=3)
    response = client_for(leader_of(entry.team)).post(edit_url(entry), form_data(entry, extra__pilot="济南市民政局"))
    assert response.status_code == 200
    assert "不能超过 3 字（现有 6 字）。" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.extra, entry.version) == ({}, 1)


def test_conditional_question_is_hidden_until_the_saved_answer_calls_for_it():
    entry = EntryFactory()
    question(entry.contest, "use", FieldKind.CHOICE, choices="是\n否", label="是否使用")
    question(entry.contest, "why", label="使用说明", condition_key="use", condition_value="是")
    client = client_for(leader_of(entry.team))
    page = client.get(edit_url(entry)).content.decode()
    assert 'data-show-when="extra__use"' in page
    assert page.count('<div class="field" hidden>') == 1
    client.post(edit_url(entry), form_data(entry, extra__use="是"))
    entry.refresh_from_db()
    assert client.get(edit_url(entry)).content.decode().count('<div class="field" hidden>') == 0


def test_an_answer_hidden_by_a_changed_choice_is_kept_for_when_the_choice_comes_back():
    entry = EntryFactory()
    question(entry.contest, "use", FieldKind.CHOICE, choices="是\n否", label="是否使用")
    question(entry.contest, "why", label="使用说明", condition_key="use", condition_value="是", required=True)
    client = client_for(leader_of(entry.team))
    client.post(edit_url(entry), form_data(entry, extra__use="是", extra__why="用于核验养老补贴"))
    entry.refresh_from_db()
    # The browser only hides the question: its text is posted with the new choice.
    client.post(edit_url(entry), form_data(entry, extra__use="否", extra__why="用于核验养老补贴"))
    entry.refresh_from_db()
    assert entry.extra == {"use": "否", "why": "用于核验养老补贴"}
    # Hidden, it is neither asked for at submission nor shown.
    assert missing_answers(entry) == []
    assert [row["key"] for row in answers_snapshot(entry)] == ["use"]
    client.post(edit_url(entry), form_data(entry, extra__use="是", extra__why="用于核验养老补贴"))
    page = client.get(edit_url(entry)).content.decode()
    assert "用于核验养老补贴" in page


def test_without_javascript_a_refused_save_shows_the_question_the_new_choice_calls_for():
    entry = EntryFactory()
    question(entry.contest, "use", FieldKind.CHOICE, choices="是\n否", label="是否使用")
    question(entry.contest, "why", label="使用说明", condition_key="use", condition_value="是")
    question(entry.contest, "users", FieldKind.NUMBER, label="服务人数")
    response = client_for(leader_of(entry.team)).post(
        edit_url(entry), form_data(entry, extra__use="是", extra__users="一千")
    )
    page = response.content.decode()
    assert "请输入数字。" in page
    # The team chose 是 in this very post: 使用说明 is asked now, not after a further save.
    assert page.count('<div class="field" hidden>') == 0
    assert 'name="extra__why"' in page


def test_two_members_answering_different_questions_keep_both_answers():
    entry = EntryFactory()
    second = add_member(entry.team)
    question(entry.contest, "a", label="甲")
    question(entry.contest, "b", label="乙")
    base = content_of(entry)
    save_draft(entry, leader_of(entry.team), {**base, "extra": {"a": "甲的回答"}}, base_version=1)
    with pytest.raises(StaleDraft) as info:
        save_draft(entry, second, {**base, "extra": {"b": "乙的回答"}}, base_version=1)
    conflict = info.value.conflict
    assert conflict.merged["extra"] == {"a": "甲的回答", "b": "乙的回答"}
    assert [change.label for change in conflict.changes] == ["甲"]
    save_draft(entry, second, conflict.merged, base_version=conflict.current_version)
    entry.refresh_from_db()
    assert entry.extra == {"a": "甲的回答", "b": "乙的回答"}


def test_checklist_lists_missing_required_answers_and_files():
    entry = ready_entry()
    question(entry.contest, "pilot", label="试点单位", required=True)
    question(entry.contest, "plan", FieldKind.FILE, label="实施计划", required=True)
    assert missing_requirements(entry) == ["填写“试点单位”", "填写“实施计划”"]
    field = entry.contest.form_fields.get(key="plan")
    store_entry_file(entry, "attachment", pdf_upload("计划.pdf"), leader_of(entry.team), field=field)
    Entry.objects.filter(pk=entry.pk).update(extra={"pilot": "济南"})
    entry.refresh_from_db()
    assert missing_requirements(entry) == []


def test_a_new_file_answer_replaces_the_previous_one_and_is_not_a_general_attachment():
    entry = EntryFactory()
    field = question(entry.contest, "plan", FieldKind.FILE, label="实施计划")
    user = leader_of(entry.team)
    first = store_entry_file(entry, "attachment", pdf_upload("一.pdf"), user, field=field)
    second = store_entry_file(entry, "attachment", pdf_upload("二.pdf"), user, field=field)
    active = EntryFile.objects.filter(entry=entry, removed_at__isnull=True)
    assert list(active) == [second]
    assert (first.field_key, second.field_key) == ("plan", "plan")


def test_a_file_question_says_which_files_it_takes_before_the_upload():
    entry = EntryFactory()
    question(entry.contest, "plan", FieldKind.FILE, label="实施计划", help_text="盖章扫描件")
    page = client_for(leader_of(entry.team)).get(reverse("contests:entry_detail", kwargs={"uuid": entry.uuid}))
    html = page.content.decode()
    assert "盖章扫描件" in html
    assert 'accept=".pdf,' in html
    assert "PDF、Excel（XLSX）、Word（DOCX）、ZIP，单个文件不超过 50 MB；新上传的文件会替换原有文件。" in html


def test_help_text_reads_as_chinese_sentences():
    entry = EntryFactory()
    question(
        entry.contest,
        "intro",
        FieldKind.LONG_TEXT,
        label="团队介绍",
        help_text="简要介绍",
        word_limit=20,
        required=True,
    )
    page = client_for(leader_of(entry.team)).get(edit_url(entry)).content.decode()
    assert "简要介绍。不超过 20 字。提交前必填。" in page


def test_field_upload_view_stores_under_the_question():
    entry = EntryFactory()
    question(entry.contest, "plan", FieldKind.FILE, label="实施计划")
    client = client_for(leader_of(entry.team))
    url = reverse("contests:entry_field_upload", kwargs={"uuid": entry.uuid, "key": "plan"})
    response = client.post(url, {"file": pdf_upload("计划.pdf")})
    assert response.status_code == 302
    assert list(EntryFile.objects.filter(entry=entry).values_list("field_key", "original_name")) == [
        ("plan", "计划.pdf")
    ]
    missing = reverse("contests:entry_field_upload", kwargs={"uuid": entry.uuid, "key": "nope"})
    assert client.post(missing, {"file": pdf_upload()}).status_code == 404


def test_revision_and_receipts_include_the_answers():
    entry = ready_entry()
    question(entry.contest, "pilot", label="试点单位")
    plan = question(entry.contest, "plan", FieldKind.FILE, label="实施计划")
    user = leader_of(entry.team)
    stored = store_entry_file(entry, "attachment", pdf_upload("计划.pdf"), user, field=plan)
    Entry.objects.filter(pk=entry.pk).update(extra={"pilot": "济南市民政局"})
    entry.refresh_from_db()
    revision, _created = submit_entry(entry, user)
    assert revision.snapshot["answers"] == [
        {"key": "pilot", "label": "试点单位", "kind": "text", "round": None, "value": "济南市民政局"},
        {
            "key": "plan",
            "label": "实施计划",
            "kind": "file",
            "round": None,
            "files": [{"id": stored.pk, "name": "计划.pdf", "sha256": stored.sha256}],
            "value": "计划.pdf",
        },
    ]
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED
    page = client_for(user).get(
        reverse("contests:entry_receipt", kwargs={"uuid": entry.uuid, "code": revision.receipt_code})
    )
    assert "济南市民政局" in page.content.decode()
    from contests.services.submission import send_receipt

    send_receipt(revision)
    assert "试点单位：济南市民政局" in mail.outbox[-1].body
    assert receipt_pdf(revision).startswith(b"%PDF")


def _detail_queries(client, entry):
    url = reverse("contests:entry_detail", kwargs={"uuid": entry.uuid})
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_entry_detail_query_count_does_not_grow_with_questions():
    entry = ready_entry()
    client = client_for(leader_of(entry.team))
    for n in range(2):
        question(entry.contest, f"q{n}", label=f"问题{n}")
    question(entry.contest, "f0", FieldKind.FILE, label="文件0")
    few = _detail_queries(client, entry)
    for n in range(2, 10):
        question(entry.contest, f"q{n}", label=f"问题{n}", required=True)
        question(entry.contest, f"f{n}", FieldKind.FILE, label=f"文件{n}")
    Entry.objects.filter(pk=entry.pk).update(extra={f"q{n}": "答" for n in range(10)})
    assert _detail_queries(client, entry) == few
