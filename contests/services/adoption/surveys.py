"""Tracking surveys (跟踪问卷): questionnaires the organiser sets up per contest, answered once by the
team of each winning entry some months after the award.

* Who answers: the teams of the contest's winning entries, i.e. entries with an active (not revoked)
  award given in a round whose results are final.
* When: the survey opens at 00:00 (Beijing time) on the day ``months_after_award`` months after the
  day the contest's last round became final (``Contest.results_final_at``), and stays open for
  ``open_days`` days. Before the results are final it has no dates.
* Questions: ``[{"key", "label", "kind", "choices", "required", "help"}]`` validated by
  ``clean_questions``; once a survey has responses its questions' keys and kinds are fixed (answers
  are stored by key), and choices may be added but not removed.
* Reminders (``send_survey_reminders``, periodic): once when a survey opens and once 7 days before it
  closes, to the teams that have not answered; ``SurveyReminder`` is unique per entry and kind.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests import models
from contests.rules import is_entry_team_player
from contests.services import ContestError
from contests.services.audit import record

KINDS = ("text", "number", "choice", "yesno")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
MAX_QUESTIONS = 30
MAX_CHOICES = 20
MAX_LABEL = 200
MAX_HELP = 300
MAX_CHOICE = 100
MAX_TEXT_ANSWER = 2000
# A number answer: what a team may plausibly report (users, 万元, months), never a float surprise.
MAX_NUMBER = Decimal("1e12")
MONTHS_RANGE = (1, 60)
OPEN_DAYS_RANGE = (1, 180)
CLOSING_REMINDER_BEFORE = timedelta(days=7)


def kind_labels():
    return {"text": _("文字"), "number": _("数字"), "choice": _("单选"), "yesno": _("是/否")}


# --- questions ----------------------------------------------------------------------------------


def _text(value):
    return value.strip() if isinstance(value, str) else None


def clean_questions(questions):
    """The questions normalised, or ``ContestError`` naming every problem (question by number)."""
    if not isinstance(questions, list):
        raise ContestError(_("问题格式不正确。"), code="survey_questions")
    problems = []
    if not questions:
        problems.append(_("问卷至少需要一个问题。"))
    if len(questions) > MAX_QUESTIONS:
        problems.append(_("问卷最多 %(n)d 个问题。") % {"n": MAX_QUESTIONS})
    cleaned, seen = [], set()
    for number, question in enumerate(questions[:MAX_QUESTIONS], start=1):
        if not isinstance(question, dict):
            problems.append(_("第 %(n)d 题格式不正确。") % {"n": number})
            continue
        key = _text(question.get("key")) or ""
        label = _text(question.get("label")) or ""
        kind = question.get("kind")
        help_text = _text(question.get("help") or "")
        required = question.get("required", False)
        mine = []
        if not KEY_PATTERN.match(key):
            mine.append(_("标识只能由小写字母开头，包含小写字母、数字和下划线，最多 30 个字符"))
        elif key in seen:
            mine.append(_("标识“%(key)s”重复") % {"key": key})
        seen.add(key)
        if not label:
            mine.append(_("请填写题目"))
        elif len(label) > MAX_LABEL:
            mine.append(_("题目最多 %(n)d 个字符") % {"n": MAX_LABEL})
        if kind not in KINDS:
            mine.append(_("题型只能是文字、数字、单选或是/否"))
        if help_text is None or len(help_text) > MAX_HELP:
            mine.append(_("说明最多 %(n)d 个字符") % {"n": MAX_HELP})
        if not isinstance(required, bool):
            mine.append(_("“必答”只能是是或否"))
        choices = []
        if kind == "choice":
            raw = question.get("choices")
            if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
                mine.append(_("选项格式不正确"))
            else:
                choices = [c.strip() for c in raw if c.strip()]
                if len(choices) < 2:
                    mine.append(_("单选题至少需要两个选项"))
                elif len(choices) > MAX_CHOICES:
                    mine.append(_("单选题最多 %(n)d 个选项") % {"n": MAX_CHOICES})
                elif len(set(choices)) != len(choices):
                    mine.append(_("选项不能重复"))
                elif any(len(c) > MAX_CHOICE for c in choices):
                    mine.append(_("每个选项最多 %(n)d 个字符") % {"n": MAX_CHOICE})
        if mine:
            problems.append(_("第 %(n)d 题：%(problems)s。") % {"n": number, "problems": "；".join(mine)})
            continue
        cleaned.append(
            {"key": key, "label": label, "kind": kind, "choices": choices, "required": required, "help": help_text}
        )
    if problems:
        raise ContestError(" ".join(problems), code="survey_questions")
    return cleaned


def locked_question_problems(old, new):
    """Why ``new`` may not replace ``old`` on a survey that has responses ('' when it may)."""
    old_kinds = {q["key"]: q["kind"] for q in old}
    new_by_key = {q["key"]: q for q in new}
    if set(old_kinds) != set(new_by_key):
        return _("问卷已有答卷，不能增加、删除问题或修改问题的标识；可以修改题目文字、说明、是否必答和顺序。")
    for question in old:
        replacement = new_by_key[question["key"]]
        if replacement["kind"] != question["kind"]:
            return _("问卷已有答卷，不能修改问题“%(label)s”的题型。") % {"label": question["label"]}
        if question["kind"] == "choice" and not set(question["choices"]) <= set(replacement["choices"]):
            return _("问卷已有答卷，问题“%(label)s”只能增加选项，不能删除或改写已有选项。") % {
                "label": question["label"]
            }
    return ""


def _check_numbers(months_after_award, open_days):
    problems = []
    if not (isinstance(months_after_award, int) and MONTHS_RANGE[0] <= months_after_award <= MONTHS_RANGE[1]):
        problems.append(_("获奖后月数应为 %(low)d 至 %(high)d。") % {"low": MONTHS_RANGE[0], "high": MONTHS_RANGE[1]})
    if not (isinstance(open_days, int) and OPEN_DAYS_RANGE[0] <= open_days <= OPEN_DAYS_RANGE[1]):
        problems.append(
            _("填写期限应为 %(low)d 至 %(high)d 天。") % {"low": OPEN_DAYS_RANGE[0], "high": OPEN_DAYS_RANGE[1]}
        )
    if problems:
        raise ContestError(" ".join(problems), code="survey_numbers")


def _snapshot(survey):
    return {
        "title": survey.title,
        "months_after_award": survey.months_after_award,
        "open_days": survey.open_days,
        "questions": survey.questions,
    }


def save_survey(contest, *, actor, title, months_after_award, open_days, questions, survey=None):
    """Create (``survey`` None) or change a contest's survey; return it."""
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise ContestError(_("请填写问卷名称（最多 120 个字符）。"), code="survey_title")
    _check_numbers(months_after_award, open_days)
    questions = clean_questions(questions)
    try:
        with transaction.atomic():
            before = None
            if survey is not None:
                survey = models.TrackingSurvey.objects.select_for_update().get(pk=survey.pk, contest=contest)
                before = _snapshot(survey)
                if survey.responses.exists():
                    problem = locked_question_problems(survey.questions, questions)
                    if problem:
                        raise ContestError(problem, code="survey_locked")
            else:
                survey = models.TrackingSurvey(contest=contest, created_by=actor)
            survey.title = title
            survey.months_after_award = months_after_award
            survey.open_days = open_days
            survey.questions = questions
            survey.save()
            record(
                "survey.updated" if before else "survey.created",
                survey,
                actor=actor,
                contest=contest,
                before=before,
                after=_snapshot(survey),
            )
    except IntegrityError:
        raise ContestError(
            _("本届大赛已有获奖后第 %(n)d 个月的问卷。") % {"n": months_after_award}, code="survey_month_taken"
        ) from None
    return survey


# --- who, when ----------------------------------------------------------------------------------


def add_months(day, months):
    """``day`` plus whole months, clamped to the month's last day (31 Aug + 6 → 28/29 Feb)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return day.replace(year=year, month=month0 + 1, day=min(day.day, last))


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime

    def state(self, now):
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        return "closed"


def survey_window(survey, final_at=None):
    """When ``survey`` is open, or None while the contest's results are not final.

    ``final_at`` spares the query when the caller already has ``Contest.results_final_at()``."""
    final_at = final_at if final_at is not None else survey.contest.results_final_at()
    if final_at is None:
        return None
    opens_on = add_months(timezone.localdate(final_at), survey.months_after_award)
    opens_at = timezone.make_aware(datetime.combine(opens_on, time.min))
    return Window(opens_at, opens_at + timedelta(days=survey.open_days))


def winning_entries(contest):
    """Entries with an active award in a round whose results are final: who answers the surveys."""
    return models.Entry.objects.filter(
        pk__in=models.Award.objects.filter(
            category__contest=contest, revoked_at__isnull=True, round__publication__finalised_at__isnull=False
        ).values("entry_id")
    )


def is_winner(contest, entry):
    return entry.contest_id == contest.pk and winning_entries(contest).filter(pk=entry.pk).exists()


def surveys_for_entry(entry):
    """The surveys the entry's team is asked to answer (none unless it is a winner)."""
    if not winning_entries(entry.contest).filter(pk=entry.pk).exists():
        return models.TrackingSurvey.objects.none()
    return models.TrackingSurvey.objects.filter(contest_id=entry.contest_id)


def answer_problem(survey, entry, *, user, now=None):
    """Why ``user`` may not answer ``survey`` for ``entry`` now ('' when they may)."""
    from contests.services.submission import format_beijing_time

    now = now or timezone.now()
    if models.SurveyResponse.objects.filter(survey=survey, entry=entry).exists():
        return _("本问卷已提交，不能修改。")
    if not is_entry_team_player(user, entry):
        return _("只有队长和队员可以填写问卷。")
    window = survey_window(survey)
    if window is None:
        return _("大赛结果尚未最终确定，问卷尚未开放。")
    state = window.state(now)
    if state == "upcoming":
        return _("问卷将于 %(when)s 开放填写。") % {"when": format_beijing_time(window.opens_at)}
    if state == "closed":
        return _("问卷已于 %(when)s 截止，不能再提交。") % {"when": format_beijing_time(window.closes_at)}
    return ""


# --- answers ------------------------------------------------------------------------------------


def clean_answer(question, value):
    """One answer normalised (text, Decimal as str, choice, bool) or None when empty; ContestError if invalid."""
    label = question["label"]
    if value is None or (isinstance(value, str) and not value.strip()):
        if question.get("required"):
            raise ContestError(_("请回答“%(label)s”。") % {"label": label}, code="survey_required")
        return None
    kind = question["kind"]
    if kind == "yesno":
        if isinstance(value, bool):
            return value
        if value in ("yes", "no"):
            return value == "yes"
        raise ContestError(_("“%(label)s”只能回答是或否。") % {"label": label}, code="survey_answer")
    if not isinstance(value, str):
        raise ContestError(_("“%(label)s”的答案格式不正确。") % {"label": label}, code="survey_answer")
    value = value.strip()
    if kind == "text":
        if len(value) > MAX_TEXT_ANSWER:
            raise ContestError(
                _("“%(label)s”最多 %(n)d 个字符。") % {"label": label, "n": MAX_TEXT_ANSWER}, code="survey_answer"
            )
        return value
    if kind == "choice":
        if value not in question["choices"]:
            raise ContestError(_("“%(label)s”请从选项中选择。") % {"label": label}, code="survey_answer")
        return value
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= MAX_NUMBER:
        raise ContestError(_("“%(label)s”请填写数字。") % {"label": label}, code="survey_answer")
    return str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")


def clean_answers(survey, values):
    """``{key: answer}`` for every question, or ``ContestError`` whose ``errors`` maps key → message."""
    answers, errors = {}, {}
    for question in survey.questions:
        try:
            answers[question["key"]] = clean_answer(question, values.get(question["key"]))
        except ContestError as error:
            errors[question["key"]] = error.message
    if errors:
        error = ContestError(_("问卷有未填或填写不正确的问题，请检查后再提交。"), code="survey_answers")
        error.errors = errors
        raise error
    return answers


def submit_response(survey, entry, *, user, values, now=None):
    """Record the team's answers (once); return the ``SurveyResponse``."""
    now = now or timezone.now()
    if not is_winner(survey.contest, entry):
        raise ContestError(_("只有获奖作品的团队填写此问卷。"), code="survey_not_winner")
    problem = answer_problem(survey, entry, user=user, now=now)
    if problem:
        raise ContestError(problem, code="survey_closed")
    answers = clean_answers(survey, values)
    try:
        with transaction.atomic():
            response = models.SurveyResponse.objects.create(
                survey=survey, entry=entry, answers=answers, submitted_by=user, submitted_at=now
            )
            record("survey.answered", response, actor=user, contest=survey.contest, after={"answers": answers})
    except IntegrityError:
        raise ContestError(_("本问卷已提交，不能修改。"), code="survey_answered") from None
    return response


def display_answer(question, value):
    if value is None or value == "":
        return ""
    if question["kind"] == "yesno":
        return _("是") if value else _("否")
    return str(value)


# --- the organiser's figures and the portal's list ------------------------------------------------


@dataclass
class SurveyRate:
    survey: object
    window: object
    winners: int
    responded: int

    @property
    def percent(self):
        return round(100 * self.responded / self.winners) if self.winners else 0


def response_rates(contest):
    """One ``SurveyRate`` per survey of ``contest`` (three queries whatever the number of surveys)."""
    final_at = contest.results_final_at()
    winners = winning_entries(contest).count()
    counts = dict(
        models.SurveyResponse.objects.filter(survey__contest=contest, entry__in=winning_entries(contest))
        .order_by()
        .values_list("survey_id")
        .annotate(n=Count("pk"))
    )
    return [
        SurveyRate(survey, survey_window(survey, final_at) if final_at else None, winners, counts.get(survey.pk, 0))
        for survey in models.TrackingSurvey.objects.filter(contest=contest).order_by("months_after_award", "pk")
    ]


def answer_rows(survey):
    """The survey's responses for the organiser: (response, [displayed answer per question])."""
    responses = survey.responses.select_related("entry__team", "submitted_by").order_by("submitted_at", "pk")
    return [
        (response, [display_answer(q, response.answers.get(q["key"])) for q in survey.questions])
        for response in responses
    ]


def open_surveys_for(entries, *, now=None):
    """``[(entry, survey, window, answered)]`` of the surveys open now for the given winning entries."""
    now = now or timezone.now()
    entries = list(entries)
    if not entries:
        return []
    winners = set(
        models.Award.objects.filter(
            entry__in=entries, revoked_at__isnull=True, round__publication__finalised_at__isnull=False
        ).values_list("entry_id", flat=True)
    )
    if not winners:
        return []
    answered = set(models.SurveyResponse.objects.filter(entry_id__in=winners).values_list("survey_id", "entry_id"))
    contest_ids = {entry.contest_id for entry in entries if entry.pk in winners}
    contests = models.Contest.with_results_final_at(models.Contest.objects.filter(pk__in=contest_ids))
    final = {contest.pk: contest.results_final_at() for contest in contests}
    surveys = list(models.TrackingSurvey.objects.filter(contest_id__in=contest_ids).order_by("months_after_award"))
    rows = []
    for entry in entries:
        if entry.pk not in winners:
            continue
        for survey in surveys:
            if survey.contest_id != entry.contest_id or final.get(entry.contest_id) is None:
                continue
            window = survey_window(survey, final[entry.contest_id])
            if window.state(now) == "open":
                rows.append((entry, survey, window, (survey.pk, entry.pk) in answered))
    return rows


# --- reminders ----------------------------------------------------------------------------------


def due_reminder_kinds(window, now):
    """Most urgent first: the closing reminder from 7 days before the close, the opening one while open."""
    if window is None or window.state(now) != "open":
        return []
    kinds = [models.SurveyReminderKind.OPENED]
    if now >= window.closes_at - CLOSING_REMINDER_BEFORE:
        kinds.insert(0, models.SurveyReminderKind.CLOSING)
    return kinds


def send_survey_reminders(now=None):
    """Enqueue every survey reminder that is due and not yet sent; return how many were enqueued.

    Only the most urgent due kind is sent; an earlier kind still unsent is recorded as covered, so a
    team whose survey is open a week or less gets one reminder, not two."""
    now = now or timezone.now()
    sent = 0
    surveys = models.TrackingSurvey.objects.select_related("contest").order_by("pk")
    for survey in surveys:
        kinds = due_reminder_kinds(survey_window(survey), now)
        if not kinds:
            continue
        pending = (
            winning_entries(survey.contest)
            .exclude(survey_responses__survey=survey)
            .exclude(pk__in=models.SurveyReminder.objects.filter(survey=survey, kind=kinds[0]).values("entry_id"))
            .order_by("pk")
        )
        for entry in pending:
            sent += _remind_once(survey, entry, kinds)
    return sent


def _remind_once(survey, entry, kinds):
    urgent, *covered = kinds
    try:
        with transaction.atomic():
            reminder = models.SurveyReminder.objects.create(survey=survey, entry=entry, kind=urgent)
            for kind in covered:
                models.SurveyReminder.objects.get_or_create(survey=survey, entry=entry, kind=kind)
            enqueue("contests.send_survey_reminder", reminder_id=reminder.pk)
    except IntegrityError:
        return 0  # a concurrent run got there first
    return 1


def send_survey_reminder(reminder):
    """E-mail the team (called by the task); nothing when it has answered in the meantime."""
    from contests.services.mail.teams import send_to_team
    from contests.services.submission import format_beijing_time

    survey, entry = reminder.survey, reminder.entry
    if models.SurveyResponse.objects.filter(survey=survey, entry=entry).exists():
        return 0
    window = survey_window(survey)
    if window is None:
        return 0
    return send_to_team(
        entry.team,
        "contests/emails/survey_reminder",
        {
            "reminder": reminder,
            "survey": survey,
            "entry": entry,
            "closes": format_beijing_time(window.closes_at),
        },
    )
