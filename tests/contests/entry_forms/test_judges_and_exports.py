"""Answers for judges (blind: scrubbed, only questions shown to judges, file answers by blind name)
and in the entries export (one column per question)."""

import pytest
from django.urls import reverse

from contests.models import Entry
from contests.models.entry_forms import FieldKind
from contests.services.exports.context import ExportContext
from contests.services.exports.entries import sheets
from contests.services.files import store_entry_file
from tests.contests.entry_forms.helpers import question
from tests.contests.factories import TrackFactory
from tests.contests.factories.entries import add_member, leader_of, pdf_upload
from tests.contests.factories.judging import assign, judging_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged():
    _contest, round_, _tracks, judges, entries = judging_setup(entries=1, judges=1, k=1)
    entry = entries[0]
    entry.team.name, entry.team.organisation = "鲲鹏星河队XQ", "玄武湖数智科技有限公司ZZ"
    entry.team.save()
    add_member(entry.team)
    assignment = assign(round_, entry, judges[0])
    return entry, assignment, judges[0]


def test_judge_sees_shown_answers_scrubbed_of_the_team_identity(client, judged):
    entry, assignment, judge = judged
    question(entry.contest, "pilot", label="试点单位")
    question(entry.contest, "secret", label="内部联系人", show_to_judges=False)
    plan = question(entry.contest, "plan", FieldKind.FILE, label="实施计划")
    hidden = question(entry.contest, "proof", FieldKind.FILE, label="单位证明", show_to_judges=False)
    user = leader_of(entry.team)
    Entry.objects.filter(pk=entry.pk).update(
        extra={"pilot": "由鲲鹏星河队XQ与玄武湖数智科技有限公司ZZ共同试点", "secret": "只给组委会看"}
    )
    # Field files are uploaded while the draft may be written; the entry is eligible here.
    Entry.objects.filter(pk=entry.pk).update(status="draft")
    entry.status = "draft"
    store_entry_file(entry, "attachment", pdf_upload("鲲鹏星河队XQ计划.pdf"), user, field=plan)
    store_entry_file(entry, "attachment", pdf_upload("证明.pdf"), user, field=hidden)
    Entry.objects.filter(pk=entry.pk).update(status="eligible")
    client.force_login(judge.user)
    html = client.get(reverse("contests:judging:assignment", kwargs={"code": assignment.code})).content.decode()
    assert "试点单位" in html
    assert "由〔已隐去〕与〔已隐去〕共同试点" in html
    assert "鲲鹏星河队XQ" not in html
    assert "玄武湖数智科技有限公司ZZ" not in html
    assert "只给组委会看" not in html
    assert "实施计划" in html
    # The judge-visible answer file is listed by its blind name (under its question and among the
    # materials); the other answer file is not listed at all.
    assert html.count("附件-") == 2
    assert "证明.pdf" not in html


def test_the_declaration_page_shows_no_answers(client, judged):
    entry, assignment, judge = judged
    type(assignment).objects.filter(pk=assignment.pk).update(declared_no_conflict_at=None)
    question(entry.contest, "pilot", label="试点单位")
    Entry.objects.filter(pk=entry.pk).update(extra={"pilot": "某个答案XYZ"})
    client.force_login(judge.user)
    html = client.get(reverse("contests:judging:assignment", kwargs={"code": assignment.code})).content.decode()
    assert "某个答案XYZ" not in html


def test_entries_export_has_one_column_per_question(judged):
    entry, _assignment, _judge = judged
    question(entry.contest, "pilot", label="试点单位")
    question(entry.contest, "kinds", FieldKind.MULTI_CHOICE, label="数据类型", choices="人口\n法人")
    Entry.objects.filter(pk=entry.pk).update(extra={"pilot": "济南", "kinds": ["人口", "法人"]})
    (sheet,) = sheets(ExportContext.build(entry.contest))
    headers = [column.header for column in sheet.columns]
    assert headers[-2:] == ["试点单位", "数据类型"]
    (row,) = list(sheet.rows())
    assert list(row[-2:]) == ["济南", "人口、法人"]
    assert len(row) == len(headers)


def test_export_tells_same_label_questions_apart_and_keeps_switched_off_answers(judged):
    entry, _assignment, _judge = judged
    other_track = TrackFactory(contest=entry.contest, name="数字社会")
    question(entry.contest, "pilot", label="试点单位", track=entry.track)
    question(entry.contest, "pilot2", label="试点单位", track=other_track)
    question(entry.contest, "old", label="旧问题", active=False)
    Entry.objects.filter(pk=entry.pk).update(extra={"pilot": "济南", "old": "停用前的回答"})
    (sheet,) = sheets(ExportContext.build(entry.contest))
    headers = [column.header for column in sheet.columns]
    assert headers[-3:] == [f"试点单位（{entry.track.name}）", "试点单位（数字社会）", "旧问题（已停用）"]
    (row,) = list(sheet.rows())
    assert list(row[-3:]) == ["济南", None, "停用前的回答"]


def test_export_leaves_blank_an_answer_the_team_no_longer_sees(judged):
    """An answer to another track's question (the team changed track) or to a question its own
    choice now hides is kept on the entry, but the export shows what the team's entry shows."""
    entry, _assignment, _judge = judged
    other_track = TrackFactory(contest=entry.contest, name="数字社会")
    question(entry.contest, "use", FieldKind.CHOICE, choices="是\n否", label="是否使用")
    question(entry.contest, "why", label="使用说明", condition_key="use", condition_value="是")
    question(entry.contest, "pilot2", label="试点单位", track=other_track)
    Entry.objects.filter(pk=entry.pk).update(extra={"use": "否", "why": "旧说明", "pilot2": "换赛道前的回答"})
    (sheet,) = sheets(ExportContext.build(entry.contest))
    (row,) = list(sheet.rows())
    assert list(row[-3:]) == ["否", None, None]
