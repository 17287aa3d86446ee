"""Tracking surveys: questions validated, the window from the final results (Beijing dates), who may
answer, answers validated and submitted once, response rates, reminders sent once per kind."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from contests.models import AuditEvent, SurveyReminder, SurveyResponse
from contests.services import ContestError
from contests.services.adoption import surveys as service
from contests.tasks.surveys import task_send_survey_reminders
from tests.contests.factories.entries import leader_of
from tests.contests.surveys.helpers import QUESTIONS, SHANGHAI, in_window, judged_contest, make_survey

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def judged():
    return judged_contest()


@pytest.fixture
def survey(judged):
    return make_survey(judged.contest, judged.boss)


GOOD = {"deployed": "yes", "users": "12000", "stage": "推广", "notes": "数据更新不及时"}


# --- questions -----------------------------------------------------------------------------------


def test_clean_questions_normalises_and_keeps_order():
    raw = [{"key": "a1", "label": " 题一 ", "kind": "choice", "choices": [" 甲 ", "乙", " "], "required": True}]
    assert service.clean_questions(raw) == [
        {"key": "a1", "label": "题一", "kind": "choice", "choices": ["甲", "乙"], "required": True, "help": ""}
    ]


@pytest.mark.parametrize(
    ("questions", "fragment"),
    [
        ([], "至少需要一个问题"),
        ([{"key": "A", "label": "x", "kind": "text"}], "第 1 题：标识只能由小写字母开头"),
        ([{"key": "a", "label": "x", "kind": "text"}, {"key": "a", "label": "y", "kind": "text"}], "标识“a”重复"),
        ([{"key": "a", "label": "", "kind": "text"}], "请填写题目"),
        ([{"key": "a", "label": "x", "kind": "date"}], "题型只能是"),
        ([{"key": "a", "label": "x", "kind": "choice", "choices": ["only"]}], "至少需要两个选项"),
        ([{"key": "a", "label": "x", "kind": "choice", "choices": ["甲", "甲"]}], "选项不能重复"),
        ([{"key": "a", "label": "x", "kind": "text", "required": "yes"}], "必答"),
        ("not a list", "问题格式不正确"),
    ],
)
def test_clean_questions_names_the_problem(questions, fragment):
    with pytest.raises(ContestError) as error:
        service.clean_questions(questions)
    assert fragment in error.value.message


def test_save_survey_creates_and_audits(judged):
    survey = service.save_survey(
        judged.contest, actor=judged.boss, title="12 个月问卷", months_after_award=12, open_days=20, questions=QUESTIONS
    )
    assert (survey.months_after_award, survey.open_days, len(survey.questions)) == (12, 20, 4)
    assert list(AuditEvent.objects.filter(object_id=str(survey.pk)).values_list("action", flat=True)) == [
        "survey.created"
    ]


def test_save_survey_refuses_a_second_survey_for_the_same_month(judged, survey):
    with pytest.raises(ContestError) as error:
        service.save_survey(
            judged.contest, actor=judged.boss, title="重复", months_after_award=6, open_days=30, questions=QUESTIONS
        )
    assert error.value.code == "survey_month_taken"


def test_questions_keys_and_kinds_are_fixed_once_answered(judged, survey):
    SurveyResponse.objects.create(
        survey=survey, entry=judged.winner, answers=GOOD, submitted_by=judged.member, submitted_at=in_window()
    )
    changed_kind = [dict(q) for q in QUESTIONS]
    changed_kind[1]["kind"] = "text"
    dropped = QUESTIONS[:3]
    fewer_choices = [dict(q) for q in QUESTIONS]
    fewer_choices[2] = {**QUESTIONS[2], "choices": ["试点", "推广"]}
    for questions in (changed_kind, dropped, fewer_choices):
        with pytest.raises(ContestError) as error:
            service.save_survey(
                judged.contest,
                actor=judged.boss,
                survey=survey,
                title=survey.title,
                months_after_award=6,
                open_days=30,
                questions=questions,
            )
        assert error.value.code == "survey_locked"
    # Wording, order, required and new choices may still change.
    reworded = [dict(q) for q in reversed(QUESTIONS)]
    reworded[0]["label"] = "遇到的主要困难"
    reworded[1] = {**reworded[1], "choices": ["试点", "推广", "暂停", "终止"]}
    saved = service.save_survey(
        judged.contest,
        actor=judged.boss,
        survey=survey,
        title="新名称",
        months_after_award=6,
        open_days=30,
        questions=reworded,
    )
    assert [q["key"] for q in saved.questions] == ["notes", "stage", "users", "deployed"]


# --- the window ------------------------------------------------------------------------------------


def test_add_months_clamps_to_the_end_of_the_month():
    assert service.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert service.add_months(date(2025, 12, 15), 12) == date(2026, 12, 15)


def test_window_opens_at_beijing_midnight_months_after_the_final_round(judged, survey):
    window = service.survey_window(survey)
    assert window.opens_at == datetime(2026, 7, 15, 0, 0, tzinfo=SHANGHAI)
    assert window.closes_at == datetime(2026, 8, 14, 0, 0, tzinfo=SHANGHAI)


def test_window_uses_the_beijing_date_of_a_late_evening_finalisation(judged, survey):
    # 23:30 Beijing on 31 Jan is still 31 Jan in Beijing (15:30 UTC): the survey opens on 31 Jul.
    judged.round.publication.__class__.objects.filter(round=judged.round).update(
        finalised_at=datetime(2026, 1, 31, 23, 30, tzinfo=SHANGHAI)
    )
    assert service.survey_window(survey).opens_at == datetime(2026, 7, 31, 0, 0, tzinfo=SHANGHAI)


def test_no_window_while_results_are_not_final():
    judged = judged_contest(final=False)
    survey = make_survey(judged.contest, judged.boss)
    assert service.survey_window(survey) is None
    assert service.answer_problem(survey, judged.winner, user=judged.member) == "大赛结果尚未最终确定，问卷尚未开放。"


# --- who answers, what, when -------------------------------------------------------------------------


def test_winning_entries_are_those_with_an_active_final_award(judged):
    assert set(service.winning_entries(judged.contest)) == {judged.winner, judged.runner_up}


def beijing(moment):
    from contests.services.submission import format_beijing_time

    return format_beijing_time(moment)


OPENS = datetime(2026, 7, 15, 0, 0, tzinfo=SHANGHAI)
CLOSES = datetime(2026, 8, 14, 0, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPENS - timedelta(minutes=1), f"问卷将于 {beijing(OPENS)} 开放填写。"),
        (OPENS, ""),
        (CLOSES - timedelta(minutes=1), ""),
        (CLOSES, f"问卷已于 {beijing(CLOSES)} 截止，不能再提交。"),
    ],
)
def test_answer_problem_follows_the_window(judged, survey, moment, expected):
    with time_machine.travel(moment, tick=False):
        assert service.answer_problem(survey, judged.winner, user=judged.member) == expected


def test_submit_response_stores_normalised_answers_once(judged, survey):
    with time_machine.travel(in_window(), tick=False):
        response = service.submit_response(survey, judged.winner, user=judged.member, values=GOOD)
        assert response.answers == {"deployed": True, "users": "12000", "stage": "推广", "notes": "数据更新不及时"}
        with pytest.raises(ContestError) as error:
            service.submit_response(survey, judged.winner, user=leader_of(judged.winner.team), values=GOOD)
    assert error.value.message == "本问卷已提交，不能修改。"
    assert SurveyResponse.objects.count() == 1
    assert AuditEvent.objects.filter(action="survey.answered").count() == 1


@pytest.mark.parametrize("who", ["loser", "revoked"])
def test_only_winning_entries_answer(judged, survey, who):
    entry = getattr(judged, who)
    with time_machine.travel(in_window(), tick=False), pytest.raises(ContestError) as error:
        service.submit_response(survey, entry, user=leader_of(entry.team), values=GOOD)
    assert error.value.code == "survey_not_winner"


def test_another_teams_member_may_not_answer(judged, survey):
    with time_machine.travel(in_window(), tick=False), pytest.raises(ContestError) as error:
        service.submit_response(survey, judged.winner, user=leader_of(judged.runner_up.team), values=GOOD)
    assert error.value.message == "只有队长和队员可以填写问卷。"


@pytest.mark.parametrize(
    ("values", "key", "message"),
    [
        ({**GOOD, "deployed": ""}, "deployed", "请回答“方案是否已上线运行？”。"),
        ({**GOOD, "users": "很多"}, "users", "“累计服务人次”请填写数字。"),
        ({**GOOD, "users": "NaN"}, "users", "“累计服务人次”请填写数字。"),
        ({**GOOD, "users": "1e400"}, "users", "“累计服务人次”请填写数字。"),
        ({**GOOD, "stage": "<script>"}, "stage", "“目前所处阶段”请从选项中选择。"),
        ({**GOOD, "notes": "长" * 2001}, "notes", "“遇到的困难”最多 2000 个字符。"),
        ({**GOOD, "deployed": "maybe"}, "deployed", "“方案是否已上线运行？”只能回答是或否。"),
    ],
)
def test_invalid_answers_are_refused_per_question(judged, survey, values, key, message):
    with time_machine.travel(in_window(), tick=False), pytest.raises(ContestError) as error:
        service.submit_response(survey, judged.winner, user=judged.member, values=values)
    assert error.value.errors == {key: message}
    assert not SurveyResponse.objects.exists()


def test_optional_answers_may_be_empty_and_numbers_keep_decimals(judged, survey):
    with time_machine.travel(in_window(), tick=False):
        response = service.submit_response(
            survey, judged.winner, user=judged.member, values={**GOOD, "users": "1,234.50", "notes": ""}
        )
    assert (response.answers["users"], response.answers["notes"]) == ("1234.5", None)


def test_response_rates_count_winners_only(judged, survey):
    twelve = make_survey(judged.contest, judged.boss, months=12, title="12 个月")
    with time_machine.travel(in_window(), tick=False):
        service.submit_response(survey, judged.winner, user=judged.member, values=GOOD)
    rates = service.response_rates(judged.contest)
    assert [(r.survey, r.responded, r.winners, r.percent) for r in rates] == [(survey, 1, 2, 50), (twelve, 0, 2, 0)]


def test_open_surveys_for_lists_open_surveys_of_winning_entries(judged, survey):
    make_survey(judged.contest, judged.boss, months=12, title="12 个月")
    entries = [judged.winner, judged.loser]
    with time_machine.travel(in_window(), tick=False):
        rows = service.open_surveys_for(entries)
    assert [(entry, s, answered) for entry, s, _window, answered in rows] == [(judged.winner, survey, False)]
    with time_machine.travel(datetime(2026, 7, 1, tzinfo=SHANGHAI), tick=False):
        assert service.open_surveys_for(entries) == []


# --- reminders ---------------------------------------------------------------------------------------


def reminders():
    return sorted(SurveyReminder.objects.values_list("entry__title", "kind"))


def test_beat_schedule_runs_the_survey_reminders_hourly():
    assert settings.CELERY_BEAT_SCHEDULE["contests-survey-reminders"] == {
        "task": "contests.send_survey_reminders",
        "schedule": 3600,
    }


def test_reminders_on_opening_and_a_week_before_closing_each_once(judged, survey, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2026, 7, 14, 12, tzinfo=SHANGHAI), tick=False):
        assert task_send_survey_reminders() == 0  # not open yet
    with time_machine.travel(in_window(day=15, hour=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert task_send_survey_reminders() == 2
        assert task_send_survey_reminders() == 0  # idempotent
        service.submit_response(survey, judged.winner, user=judged.member, values=GOOD)
    assert reminders() == [("作品0", "opened"), ("作品1", "opened")]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [m.user.email for e in (judged.winner, judged.runner_up) for m in e.team.memberships.select_related("user")]
    )
    assert "请填写获奖作品跟踪问卷" in mail.outbox[0].subject
    mail.outbox.clear()
    # A week before the close (14 Aug): only the team that has not answered.
    with time_machine.travel(datetime(2026, 8, 7, 0, 0, tzinfo=SHANGHAI), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert task_send_survey_reminders() == 1
        assert task_send_survey_reminders() == 0
    assert reminders() == [("作品0", "opened"), ("作品1", "closing"), ("作品1", "opened")]
    assert {m.subject for m in mail.outbox} == {"【数用】跟踪问卷“获奖 6 个月跟踪问卷”即将截止，请尽快填写"}
    with time_machine.travel(datetime(2026, 8, 14, 0, 0, tzinfo=SHANGHAI), tick=False):
        assert task_send_survey_reminders() == 0  # closed


def test_a_short_survey_gets_one_reminder_not_two(judged, django_capture_on_commit_callbacks):
    make_survey(judged.contest, judged.boss, open_days=5)
    with time_machine.travel(in_window(day=16), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert service.send_survey_reminders() == 2
        assert service.send_survey_reminders() == 0
    assert reminders() == [("作品0", "closing"), ("作品0", "opened"), ("作品1", "closing"), ("作品1", "opened")]
    assert len({m.subject for m in mail.outbox}) == 1


def test_a_reminder_is_not_mailed_when_the_team_answered_meanwhile(judged, survey):
    with time_machine.travel(in_window(), tick=False):
        service.send_survey_reminders()  # enqueued, not run (no on_commit execution)
        service.submit_response(survey, judged.winner, user=judged.member, values=GOOD)
        reminder = SurveyReminder.objects.get(entry=judged.winner)
        assert service.send_survey_reminder(reminder) == 0
    assert mail.outbox == []
