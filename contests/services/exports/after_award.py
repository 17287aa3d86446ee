"""The after-award sheets of the "all" workbook (organisers only, like every export): 落地里程碑
(milestones with their review and evidence count), 跟踪问卷 (one row per response, the answers as
columns grouped per survey), 尽职调查 (due diligence cases) and 晋级确认 (finalist confirmations and
the waitlist). Each sheet reads one COUNT and a fixed number of streamed queries whatever the number
of rows; the entry filters (track, status, city, organisation type) apply as on the other sheets."""

from decimal import Decimal, InvalidOperation

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from contests.choices import RoundKind
from contests.models import DueDiligenceStatus, FinalistStatus, MilestoneKind, MilestoneStatus
from contests.services.exports.cells import neutralise
from contests.services.exports.sheet import (
    CHOICE,
    DATETIME,
    DECIMAL2,
    INTEGER,
    LABEL,
    NUMBER,
    TEXT,
    Column,
    Grouped,
    Sheet,
)
from contests.services.judging.judges import blind_code

CHUNK = 2000


class Repeated(Grouped):
    """``Grouped`` for rows that repeat an id (an entry's several milestones): the same values again."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self._last = (object(), [])

    def take(self, key):
        if self._last[0] != key:
            self._last = (key, super().take(key))
        return self._last[1]


def _award_names(ctx):
    """``(entry_id, category name)`` of the active awards, by entry: a winner's awards in one cell."""
    from contests.models import Award

    return Repeated(
        Award.objects.filter(category__contest=ctx.contest, revoked_at__isnull=True)
        .order_by("entry_id", "category__sort_order", "pk")
        .values_list("entry_id", "category__name")
        .iterator(chunk_size=CHUNK)
    )


def _round_label(number, kind):
    if number is None:
        return ""
    return _("第%(n)s轮·%(kind)s") % {"n": number, "kind": dict(RoundKind.choices).get(kind, kind)}


# --- 落地里程碑 ------------------------------------------------------------------------------------


def _milestones(ctx):
    from contests.models import AdoptionMilestone

    return AdoptionMilestone.objects.filter(entry_id__in=ctx.entries().values("pk"))


def milestone_columns():
    return [
        Column(_("作品编号"), 10, LABEL),
        Column(_("作品名称"), 26, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("奖项"), 14, LABEL),
        Column(_("里程碑类型"), 12, CHOICE, tuple(MilestoneKind.choices)),
        Column(_("简述"), 30, TEXT),
        Column(_("发生日期"), 12, NUMBER),  # a date: openpyxl gives it a date format
        Column(_("落地城市"), 10, TEXT),
        Column(_("落地单位"), 20, TEXT),
        Column(_("服务人次/用户数"), 12, INTEGER),
        Column(_("投资或资金（万元）"), 12, DECIMAL2),
        Column(_("投资方或孵化项目"), 20, TEXT),
        Column(_("状态"), 10, CHOICE, tuple(MilestoneStatus.choices)),
        Column(_("确认意见"), 30, TEXT),
        Column(_("确认人"), 12, TEXT),
        Column(_("确认时间"), 17, DATETIME),
        Column(_("证明材料数"), 8, INTEGER),
    ]


def _milestone_rows(ctx):
    awards = _award_names(ctx)
    rows = (
        _milestones(ctx)
        .annotate(evidence_count=Count("evidence"))
        .order_by("entry_id", "happened_on", "pk")
        .values_list(
            "entry_id", "entry__uuid", "entry__title", "entry__team__name", "kind", "title", "happened_on",
            "node__name", "unit__name", "unit_name", "beneficiaries", "investment_wan", "programme", "status",
            "review_note", "reviewed_by__real_name", "reviewed_at", "evidence_count",
        )
    )  # fmt: skip
    for (entry_id, entry_uuid, entry_title, team, kind, title, happened, city, unit, unit_name, beneficiaries,
         investment, programme, status, note, reviewer, reviewed_at, evidence) in rows.iterator(CHUNK):  # fmt: skip
        yield (
            blind_code(entry_uuid), entry_title, team, "、".join(awards.take(entry_id)), kind, title, happened,
            city, unit or unit_name, beneficiaries, investment, programme, status, note, reviewer, reviewed_at,
            evidence,
        )  # fmt: skip


# --- 跟踪问卷 --------------------------------------------------------------------------------------


def _responses(ctx):
    from contests.models import SurveyResponse

    return SurveyResponse.objects.filter(survey__contest=ctx.contest, entry_id__in=ctx.entries().values("pk"))


def _surveys(ctx):
    from contests.models import TrackingSurvey

    return list(TrackingSurvey.objects.filter(contest=ctx.contest).order_by("months_after_award", "pk"))


ANSWER_KINDS = {"number": NUMBER, "text": TEXT, "choice": TEXT, "yesno": LABEL}


def survey_columns(surveys):
    fixed = [
        Column(_("问卷"), 20, TEXT),
        Column(_("作品编号"), 10, LABEL),
        Column(_("作品名称"), 26, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("奖项"), 14, LABEL),
        Column(_("提交人"), 12, TEXT),
        Column(_("提交时间"), 17, DATETIME),
    ]
    # Each survey's questions side by side, headed 「问卷名称：题目」; a row fills its own survey's group.
    answers = [
        Column(f"{survey.title}：{question['label']}", 18, ANSWER_KINDS.get(question["kind"], TEXT))
        for survey in surveys
        for question in survey.questions
    ]
    return fixed + answers


def _answer_cell(question, value):
    if value is None or value == "":
        return None
    kind = question["kind"]
    if kind == "yesno":
        return _("是") if value is True else _("否") if value is False else str(value)
    if kind == "number":
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
        # NUMBER cells are written as they come: anything that is not a finite number goes in as text.
        return number if number is not None and number.is_finite() else neutralise(str(value))
    return str(value)


def _survey_rows(ctx, surveys):
    awards = _award_names(ctx)
    offsets, width = {}, 0
    for survey in surveys:
        offsets[survey.pk] = width
        width += len(survey.questions)
    by_pk = {survey.pk: survey for survey in surveys}
    rows = (
        _responses(ctx)
        .order_by("entry_id", "survey__months_after_award", "pk")
        .values_list(
            "entry_id", "survey_id", "survey__title", "entry__uuid", "entry__title", "entry__team__name",
            "submitted_by__real_name", "submitted_at", "answers",
        )
    )  # fmt: skip
    for entry_id, survey_id, title, entry_uuid, entry_title, team, who, when, answers in rows.iterator(CHUNK):
        cells = [None] * width
        survey = by_pk[survey_id]
        for index, question in enumerate(survey.questions):
            cells[offsets[survey_id] + index] = _answer_cell(question, (answers or {}).get(question["key"]))
        yield (title, blind_code(entry_uuid), entry_title, team, "、".join(awards.take(entry_id)), who, when, *cells)


# --- 尽职调查 --------------------------------------------------------------------------------------


def _cases(ctx):
    from contests.models import DueDiligenceCase

    return DueDiligenceCase.objects.filter(award__entry_id__in=ctx.entries().values("pk"))


def case_columns():
    return [
        Column(_("评审轮次"), 12, LABEL),
        Column(_("奖项"), 14, TEXT),
        Column(_("作品编号"), 10, LABEL),
        Column(_("作品名称"), 26, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("状态"), 10, CHOICE, tuple(DueDiligenceStatus.choices)),
        Column(_("提交截止"), 17, DATETIME),
        Column(_("提交时间"), 17, DATETIME),
        Column(_("材料数"), 8, INTEGER),
        Column(_("审核人"), 12, TEXT),
        Column(_("审核时间"), 17, DATETIME),
        Column(_("审核意见"), 40, TEXT),
        Column(_("递补作品"), 26, TEXT),
        Column(_("递补奖项"), 14, TEXT),
    ]


def _case_rows(ctx):
    rows = (
        _cases(ctx)
        # A successor's case may carry its own deadline; otherwise the request's applies.
        .annotate(document_count=Count("documents"), due=Coalesce("deadline", "request__deadline"))
        .order_by("request__round__number", "award__category__sort_order", "award__rank", "pk")
        .values_list(
            "request__round__number", "request__round__kind", "award__category__name", "award__entry__uuid",
            "award__entry__title", "award__entry__team__name", "status", "due", "submitted_at",
            "document_count", "reviewed_by__real_name", "reviewed_at", "review_reason",
            "successor_award__entry__title", "successor_award__category__name",
        )
    )  # fmt: skip
    for number, kind, award, entry_uuid, *rest in rows.iterator(CHUNK):
        yield (_round_label(number, kind), award, blind_code(entry_uuid), *rest)


# --- 晋级确认 --------------------------------------------------------------------------------------


def _finalists(ctx):
    from contests.models import FinalistConfirmation

    return FinalistConfirmation.objects.filter(entry_id__in=ctx.entries().values("pk"))


def finalist_columns():
    return [
        Column(_("晋级决定"), 24, LABEL),
        Column(_("作品编号"), 10, LABEL),
        Column(_("作品名称"), 26, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("状态"), 10, CHOICE, tuple(FinalistStatus.choices)),
        Column(_("确认截止"), 17, DATETIME),
        Column(_("答复时间"), 17, DATETIME),
        Column(_("答复人"), 12, TEXT),
        Column(_("放弃原因"), 30, TEXT),
        Column(_("所替代的作品"), 26, TEXT),  # the declined or lapsed place this entry filled
        Column(_("通知时间"), 17, DATETIME),
    ]


def _finalist_rows(ctx):
    rows = (
        _finalists(ctx)
        .order_by("decision__round__number", "created_at", "pk")
        .values_list(
            "decision__round__number", "decision__round__kind", "decision__next_round__number",
            "decision__next_round__kind", "entry__uuid", "entry__title", "entry__team__name", "status", "deadline",
            "responded_at", "responded_by__real_name", "decline_reason", "replaces__entry__title", "notified_at",
        )
    )  # fmt: skip
    for number, kind, next_number, next_kind, entry_uuid, *rest in rows.iterator(CHUNK):
        decision = f"{_round_label(number, kind)} → {_round_label(next_number, next_kind)}"
        yield (decision, blind_code(entry_uuid), *rest)


def sheets(ctx):
    surveys = _surveys(ctx)
    return [
        Sheet(
            title=_("落地里程碑"),
            columns=milestone_columns(),
            count=lambda: _milestones(ctx).count(),
            rows=lambda: _milestone_rows(ctx),
        ),
        Sheet(
            title=_("跟踪问卷"),
            columns=survey_columns(surveys),
            count=lambda: _responses(ctx).count(),
            rows=lambda: _survey_rows(ctx, surveys),
        ),
        Sheet(
            title=_("尽职调查"),
            columns=case_columns(),
            count=lambda: _cases(ctx).count(),
            rows=lambda: _case_rows(ctx),
        ),
        Sheet(
            title=_("晋级确认"),
            columns=finalist_columns(),
            count=lambda: _finalists(ctx).count(),
            rows=lambda: _finalist_rows(ctx),
        ),
    ]
