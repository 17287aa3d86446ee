"""The judge's score form as a demanding judge uses it: submitting asks for a confirmation first,
saving returns to where they were, invalid scores are refused with a message (never clamped),
whole scores read "22" not "22.0", files open in a new tab, and a submitted score offers the next
entry to score."""

import re

import pytest
from django.urls import reverse

from contests.models import EntryFile, Score, ScoreStatus
from tests.contests.factories.entries import pdf_upload
from tests.contests.factories.judging import assign, eligible_entry, judging_setup, submitted_score

pytestmark = pytest.mark.django_db

COMMENT = "方案紧扣赛题，数据来源清楚，落地路径可行，建议补充效益测算。"


@pytest.fixture
def mine(client):
    _contest, round_, _tracks, judges, (entry,) = judging_setup(judges=1, entries=1)
    assignment = assign(round_, entry, judges[0])
    client.force_login(judges[0].user)
    return assignment


def url(assignment):
    return reverse("contests:judging:assignment", kwargs={"code": assignment.code})


def form_data(assignment, values, **extra):
    criteria = list(assignment.round.criteria.order_by("sort_order"))
    data = {f"criterion_{c.pk}": v for c, v in zip(criteria, values, strict=True)}
    return {**data, "version": 0, "comment": COMMENT, **extra}


def test_submit_without_confirmation_shows_what_will_happen_and_changes_nothing(client, mine):
    response = client.post(url(mine), form_data(mine, [22, 21.5, 18, 16, 9], action="submit"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "提交后评分将被锁定，不能再修改。" in html
    assert "确认提交评分" in html
    # The confirmation repeats the scores and the total the judge is about to lock.
    assert re.search(r"<td[^>]*>21\.5</td>", html) and "86.50" in html
    assert not Score.objects.filter(assignment=mine).exists()


def test_confirmed_submit_locks_the_score(client, mine):
    response = client.post(url(mine), form_data(mine, [22, 21.5, 18, 16, 9], action="submit", confirm="yes"))
    score = Score.objects.get(assignment=mine)
    assert (response.status_code, score.status) == (302, ScoreStatus.SUBMITTED)


def test_back_from_the_confirmation_keeps_the_typed_scores_unsaved(client, mine):
    response = client.post(url(mine), form_data(mine, [22, 21.5, 18, 16, 9], action="edit"))
    html = response.content.decode()
    assert 'value="21.5"' in html and 'id="score-form"' in html
    assert not Score.objects.filter(assignment=mine).exists()


def test_an_incomplete_submission_shows_the_errors_not_the_confirmation(client, mine):
    response = client.post(url(mine), form_data(mine, [22, 21, 18, 16, 9], action="submit", comment="太短"))
    html = response.content.decode()
    assert "评语至少 20 字，目前 2 字。" in html
    assert "确认提交评分" not in html
    assert not Score.objects.filter(assignment=mine).exists()


def test_a_score_above_the_maximum_is_refused_with_a_message(client, mine):
    response = client.post(url(mine), form_data(mine, [30, 21, 18, 16, 9], action="save"))
    html = response.content.decode()
    assert "分数应在 0 到 25 之间。" in html
    assert not Score.objects.filter(assignment=mine).exists()


def test_saving_returns_to_the_save_bar(client, mine):
    response = client.post(url(mine), form_data(mine, [22, "", "", "", ""], action="save"))
    assert response["Location"] == url(mine) + "#score-actions"


def test_saving_returns_to_the_criterion_the_judge_was_on(client, mine):
    second = mine.round.criteria.order_by("sort_order")[1]
    data = form_data(mine, [22, "", "", "", ""], action="save", anchor=f"criterion-{second.pk}")
    assert client.post(url(mine), data)["Location"] == url(mine) + f"#criterion-{second.pk}"
    # Only the page's own anchors come back: anything else is the save bar.
    data = form_data(mine, [22, "", "", "", ""], action="save", anchor='x"><script>', version=1)
    assert client.post(url(mine), data)["Location"] == url(mine) + "#score-actions"


def test_whole_and_half_scores_read_without_a_trailing_zero(client, mine):
    submitted_score(mine, [22, 21.5, 18, 16, 9], status=ScoreStatus.DRAFT)
    html = client.get(url(mine)).content.decode()
    values = re.findall(r'class="score-input"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*class="score-input"', html)
    assert [a or b for a, b in values] == ["22", "21.5", "18", "16", "9"]


def test_files_open_in_a_new_tab(client, mine):
    upload = pdf_upload()
    entry_file = EntryFile(
        entry=mine.entry, kind="proposal", original_name="x.pdf", content_type="application/pdf",
        size=upload.size, sha256="", uploaded_by=mine.entry.created_by,
    )  # fmt: skip
    entry_file.file.save("upload", upload, save=True)
    html = client.get(url(mine)).content.decode()
    link = re.search(r'<a [^>]*href="/judging/a/[^"]+/files/1/"[^>]*>', html).group(0)
    assert 'target="_blank"' in link and 'rel="noopener"' in link


def test_a_submitted_score_offers_the_next_entry_to_score(client, mine):
    following = assign(mine.round, eligible_entry(mine.round.contest, mine.entry.track), mine.judge)
    client.post(url(mine), form_data(mine, [22, 21, 18, 16, 9], action="submit", confirm="yes"))
    html = client.get(url(mine)).content.decode()
    next_url = reverse("contests:judging:assignment", kwargs={"code": following.code})
    assert re.search(rf'<a [^>]*href="{re.escape(next_url)}"[^>]*>评下一个作品</a>', html)


def test_other_judges_scores_read_without_a_trailing_zero(client, mine):
    from contests.choices import OthersScoresVisibility
    from tests.contests.factories.judging import JudgeFactory

    round_ = mine.round
    round_.others_scores_visibility = OthersScoresVisibility.AFTER_OWN
    round_.save()
    submitted_score(mine, [20, 20, 15, 15, 8])
    other = assign(round_, mine.entry, JudgeFactory(contest=round_.contest, tracks=[mine.entry.track]))
    submitted_score(other, [22, 21.5, 18, 16, 9])
    html = client.get(reverse("contests:judging:others", kwargs={"code": mine.code})).content.decode()
    assert re.findall(r"<td>([^<]*)</td>", html)[:5] == ["22", "21.5", "18", "16", "9"]
