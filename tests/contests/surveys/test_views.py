"""The survey pages: the team's form (open window, once, read-only afterwards, clear messages before
and after), other teams and non-winners 404, the portal dashboard's list, and the organiser's editor,
response rates and answers."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from contests.models import AuditEvent, SurveyResponse, TrackingSurvey
from tests.contests.factories import UserFactory
from tests.contests.factories.entries import leader_of
from tests.contests.surveys.helpers import SHANGHAI, in_window, judged_contest, make_survey

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

ANSWERS = {"q_deployed": "yes", "q_users": "12000", "q_stage": "推广", "q_notes": "数据更新不及时", "confirm": "on"}


@pytest.fixture
def judged():
    return judged_contest()


@pytest.fixture
def survey(judged):
    return make_survey(judged.contest, judged.boss)


def url(entry, survey):
    return reverse("contests:entry_survey", kwargs={"uuid": entry.uuid, "survey_id": survey.pk})


def test_team_fills_in_the_survey_once_and_then_reads_its_answers(client, judged, survey):
    client.force_login(judged.member)
    with time_machine.travel(in_window(), tick=False):
        page = client.get(url(judged.winner, survey))
        assert page.status_code == 200
        assert "方案是否已上线运行？ *" in page.text and "提交问卷" in page.text
        done = client.post(url(judged.winner, survey), ANSWERS, follow=True)
        assert "问卷已提交，感谢你们的反馈。" in done.text
        assert "已于" in done.text and "提交问卷，答复不能修改。" in done.text and "提交问卷</button>" not in done.text
        again = client.post(url(judged.winner, survey), {**ANSWERS, "q_users": "99"}, follow=True)
    assert "本问卷已提交，不能修改。" in again.text
    assert SurveyResponse.objects.get().answers == {
        "deployed": True,
        "users": "12000",
        "stage": "推广",
        "notes": "数据更新不及时",
    }


def test_invalid_answers_are_shown_per_question_and_nothing_is_saved(client, judged, survey):
    client.force_login(judged.member)
    with time_machine.travel(in_window(), tick=False):
        page = client.post(url(judged.winner, survey), {**ANSWERS, "q_users": "很多", "q_deployed": "", "confirm": ""})
    assert page.status_code == 400
    assert "“累计服务人次”请填写数字。" in page.text
    assert "请勾选确认后再提交问卷。" in page.text
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (datetime(2026, 7, 1, tzinfo=SHANGHAI), "开放填写。"),
        (datetime(2026, 9, 1, tzinfo=SHANGHAI), "截止，不能再提交。"),
    ],
)
def test_before_opening_and_after_closing_the_page_says_so(client, judged, survey, moment, message):
    client.force_login(judged.member)
    with time_machine.travel(moment, tick=False):
        page = client.get(url(judged.winner, survey))
        posted = client.post(url(judged.winner, survey), ANSWERS, follow=True)
    assert page.status_code == 200
    assert message in page.text and "提交问卷</button>" not in page.text
    assert message in posted.text
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("who", ["other_team", "stranger", "loser_team"])
def test_others_and_non_winners_get_404(client, judged, survey, who):
    if who == "other_team":
        user, entry = leader_of(judged.runner_up.team), judged.winner
    elif who == "stranger":
        user, entry = UserFactory(), judged.winner
    else:
        user, entry = leader_of(judged.loser.team), judged.loser
    client.force_login(user)
    with time_machine.travel(in_window(), tick=False):
        assert client.get(url(entry, survey)).status_code == 404
        assert client.post(url(entry, survey), ANSWERS).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_a_survey_of_another_contest_is_404(client, judged, survey):
    other = judged_contest()
    foreign = make_survey(other.contest, other.boss)
    client.force_login(judged.member)
    with time_machine.travel(in_window(), tick=False):
        assert client.get(url(judged.winner, foreign)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, judged, survey):
    page = client.get(url(judged.winner, survey))
    assert page.status_code == 302 and "login" in page["Location"]


def test_dashboard_lists_the_open_survey(client, judged, survey):
    client.force_login(judged.member)
    with time_machine.travel(in_window(), tick=False):
        page = client.get(reverse("contests:dashboard"))
    assert "获奖作品跟踪问卷" in page.text and url(judged.winner, survey) in page.text
    with time_machine.travel(datetime(2026, 7, 1, tzinfo=SHANGHAI), tick=False):
        assert "获奖作品跟踪问卷" not in client.get(reverse("contests:dashboard")).text


# --- organiser --------------------------------------------------------------------------------------


def editor_post(**overrides):
    data = {
        "title": "获奖 12 个月跟踪问卷",
        "months_after_award": "12",
        "open_days": "30",
        "q-TOTAL_FORMS": "4",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "30",
        "q-0-key": "deployed",
        "q-0-label": "是否已上线？",
        "q-0-kind": "yesno",
        "q-0-required": "on",
        "q-0-ORDER": "2",
        "q-1-key": "stage",
        "q-1-label": "所处阶段",
        "q-1-kind": "choice",
        "q-1-choices": "试点\r\n推广\r\n",
        "q-1-ORDER": "1",
        "q-2-key": "dropped",
        "q-2-label": "将被删除",
        "q-2-kind": "text",
        "q-2-DELETE": "on",
    }
    data.update(overrides)
    return data


def test_organiser_creates_a_survey_with_ordered_questions(client, judged):
    client.force_login(judged.boss)
    create = reverse("outcomes_surveys:create", args=[judged.contest.pk])
    assert "新建跟踪问卷" in client.get(create).text
    response = client.post(create, editor_post())
    assert response.status_code == 302
    survey = TrackingSurvey.objects.get()
    assert [(q["key"], q["kind"], q["choices"]) for q in survey.questions] == [
        ("stage", "choice", ["试点", "推广"]),
        ("deployed", "yesno", []),
    ]
    assert AuditEvent.objects.filter(action="survey.created", object_id=str(survey.pk)).exists()


def test_editor_shows_clear_errors(client, judged):
    client.force_login(judged.boss)
    create = reverse("outcomes_surveys:create", args=[judged.contest.pk])
    page = client.post(create, editor_post(**{"q-1-choices": "只有一个", "q-0-key": "Bad Key"}))
    assert page.status_code == 400
    # Numbered in the order chosen: 所处阶段 (顺序 1) comes first.
    assert "第 1 题：单选题至少需要两个选项。" in page.text and "第 2 题：标识只能由小写字母开头" in page.text
    assert not TrackingSurvey.objects.exists()


def test_editor_refuses_new_kinds_once_answered(client, judged, survey):
    SurveyResponse.objects.create(
        survey=survey, entry=judged.winner, answers={}, submitted_by=judged.member, submitted_at=in_window()
    )
    client.force_login(judged.boss)
    edit = reverse("outcomes_surveys:edit", args=[survey.pk])
    assert "本问卷已有答卷" in client.get(edit).text
    page = client.post(edit, editor_post(months_after_award="6"))
    assert page.status_code == 400
    assert "问卷已有答卷，不能增加、删除问题或修改问题的标识" in page.text
    survey.refresh_from_db()
    assert [q["key"] for q in survey.questions] == ["deployed", "users", "stage", "notes"]


def test_index_shows_response_rates_and_answers_page_the_answers(client, judged, survey):
    SurveyResponse.objects.create(
        survey=survey,
        entry=judged.winner,
        answers={"deployed": True, "users": "12000", "stage": "推广", "notes": "<b>困难</b>"},
        submitted_by=judged.member,
        submitted_at=in_window(),
    )
    client.force_login(judged.boss)
    index = client.get(reverse("outcomes_surveys:contest", args=[judged.contest.pk]))
    assert index.status_code == 200
    assert '<td class="num">1</td>' in index.text and '<td class="num">2</td>' in index.text
    assert '<td class="num">50%</td>' in index.text
    answers = client.get(reverse("outcomes_surveys:answers", args=[survey.pk]))
    assert "12000" in answers.text and "&lt;b&gt;困难&lt;/b&gt;" in answers.text and "<b>困难</b>" not in answers.text


@pytest.mark.parametrize("who", ["member", "stranger"])
def test_organiser_pages_are_for_organisers_only(client, judged, survey, who):
    client.force_login(judged.member if who == "member" else UserFactory())
    for name, args in (
        ("outcomes_surveys:index", []),
        ("outcomes_surveys:create", [judged.contest.pk]),
        ("outcomes_surveys:edit", [survey.pk]),
        ("outcomes_surveys:answers", [survey.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code in (302, 403)
    assert client.post(reverse("outcomes_surveys:edit", args=[survey.pk]), editor_post()).status_code in (302, 403)
    survey.refresh_from_db()
    assert survey.months_after_award == 6


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_answers_page_and_rates_read_constant_queries(client, judged, survey):
    client.force_login(judged.boss)
    answers = reverse("outcomes_surveys:answers", args=[survey.pk])
    index = reverse("outcomes_surveys:contest", args=[judged.contest.pk])
    SurveyResponse.objects.create(
        survey=survey, entry=judged.winner, answers={}, submitted_by=judged.member, submitted_at=in_window()
    )
    few = (_queries(client, answers), _queries(client, index))
    SurveyResponse.objects.create(
        survey=survey,
        entry=judged.runner_up,
        answers={"deployed": False},
        submitted_by=leader_of(judged.runner_up.team),
        submitted_at=in_window(),
    )
    make_survey(judged.contest, judged.boss, months=12, title="12 个月")
    assert (_queries(client, answers), _queries(client, index)) == few


def test_the_survey_page_in_english_has_an_english_submit_button(client, judged, survey):
    client.force_login(judged.member)
    with time_machine.travel(in_window(), tick=False):
        page = client.get("/en" + url(judged.winner, survey))
    assert page.status_code == 200
    assert "Submit the survey</button>" in page.text and "提交问卷" not in page.text


def test_editor_column_headings_sit_over_their_fields(client, judged):
    """The 顺序 heading was over the 标识 inputs (ORDER is the formset's last field but one)."""
    import re

    client.force_login(judged.boss)
    html = client.get(reverse("outcomes_surveys:create", args=[judged.contest.pk])).text
    table = html.split('<table class="survey-questions">')[1].split("</table>")[0]
    headings = re.findall(r'<th scope="col">([^<]+)</th>', table)
    first_row = table.split("<tbody>")[1].split("</tr>")[0]
    fields = re.findall(r'<td><label class="visually-hidden" for="id_q-0-(\w+)"', first_row)
    assert len(headings) == len(fields) == 8
    assert headings.index("顺序") == fields.index("ORDER")
    assert headings.index("标识") == fields.index("key")
    assert headings.index("删除") == fields.index("DELETE")
