"""The lists of the "评审" menu: judges (with their invitation status and load), criteria, and the
view-only assignments and scores (they change through the judging services: manual assignment,
removal, reopening — each a page in ``rounds`` that records an audit event)."""

import django_filters
from django import forms
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn

from contests.models import (
    Assignment,
    AssignmentState,
    Contest,
    Criterion,
    JudgeProfile,
    JudgeStatus,
    Round,
    Score,
    ScoreStatus,
)
from contests.organiser.base import OrganiserModelViewSet, TrackFilter
from contests.services.judging.judges import blind_code


def _rounds(request=None):
    return Round.objects.select_related("contest").order_by("-contest__year", "number")


class JudgeFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(label=_("大赛"), queryset=Contest.objects.all())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=JudgeStatus.choices)
    expertise = TrackFilter(label=_("评审赛道"))

    class Meta:
        model = JudgeProfile
        fields = ["contest", "status", "expertise"]


class JudgeProfileViewSet(OrganiserModelViewSet):
    model = JudgeProfile
    name = "judging_judges"
    icon = "user"
    menu_label = pgettext_lazy("admin menu", "评委")
    ordering = ["contest", "name"]
    search_fields = ["name", "email", "organisation", "title"]
    filterset_class = JudgeFilterSet
    list_display = [
        "name",
        "organisation",
        "email",
        Column("tracks", label=_("评审赛道"), accessor=lambda j: "、".join(t.name for t in j.expertise.all())),
        "load_limit",
        Column("active_assignments", label=_("有效分配")),
        "status",
    ]
    list_export = ["contest", "name", "email", "phone", "organisation", "credit_code", "title", "load_limit", "status"]
    export_filename = "judges"
    panels = [
        FieldPanel("contest"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("title")]),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldRowPanel([FieldPanel("organisation"), FieldPanel("credit_code")]),
            ],
            heading=_("基本信息（用于利益冲突检测）"),
        ),
        MultiFieldPanel(
            [FieldPanel("expertise", widget=forms.CheckboxSelectMultiple), FieldPanel("load_limit")],
            heading=_("评审范围"),
        ),
        MultiFieldPanel(
            [FieldPanel("conflict_teams"), FieldPanel("declared_conflicts")],
            heading=_("申报回避"),
            help_text=_(
                "系统还会自动检测：同一单位、同一统一社会信用代码、同一单位邮箱域名、本人为团队成员或指导老师。"
            ),
        ),
        FieldPanel("status"),
    ]

    def list_queryset(self, queryset):
        return (
            queryset.select_related("contest")
            .prefetch_related("expertise")
            .annotate(active_assignments=Count("assignments", filter=Q(assignments__state=AssignmentState.ACTIVE)))
        )

    def row_actions(self, instance):
        if instance.status in (JudgeStatus.NEW, JudgeStatus.INVITED, JudgeStatus.DECLINED):
            return [(_("发送邀请"), reverse("judging_rounds:invite", args=[instance.pk]), "mail")]
        return []


# Criteria -------------------------------------------------------------------------------------------


class CriterionViewSet(OrganiserModelViewSet):
    model = Criterion
    name = "judging_criteria"
    icon = "list-ol"
    menu_label = _("评分标准")
    ordering = ["round", "sort_order", "id"]
    search_fields = ["name", "description"]
    list_filter = ["round"]
    list_display = [
        "name",
        "round",
        "weight",
        "max_score",
        "counted",
        Column("round_weight", label=_("本轮计分权重合计")),
        "sort_order",
    ]
    list_export = ["round", "name", "weight", "max_score", "counted", "sort_order", "description", "levels"]
    export_filename = "criteria"
    panels = [
        FieldPanel("round"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("max_score"), FieldPanel("counted")]),
        FieldPanel("description"),
        FieldPanel("levels"),
    ]

    def list_queryset(self, queryset):
        weight = (
            Criterion.objects.filter(round=OuterRef("round"), counted=True)
            .order_by()
            .values("round")
            .annotate(total=Sum("weight"))
            .values("total")
        )
        return queryset.select_related("round__contest").annotate(round_weight=Subquery(weight))


# Assignments and scores -----------------------------------------------------------------------------


class AssignmentFilterSet(WagtailFilterSet):
    round = django_filters.ModelChoiceFilter(label=_("评审轮次"), queryset=_rounds)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=AssignmentState.choices)
    track = TrackFilter(label=_("赛道"), field_name="entry__track")
    judge = django_filters.NumberFilter(label=_("评委编号"), widget=forms.HiddenInput)
    entry = django_filters.NumberFilter(label=_("作品编号"), widget=forms.HiddenInput)

    class Meta:
        model = Assignment
        fields = ["round", "state", "source", "track", "judge", "entry"]


class AssignmentViewSet(OrganiserModelViewSet):
    model = Assignment
    name = "judging_assignments"
    icon = "link"
    menu_label = _("评审分配")
    ordering = ["round", "judge__name", "order_key"]
    search_fields = ["entry__title", "judge__name", "recusal_reason"]
    filterset_class = AssignmentFilterSet
    list_display = [
        Column("code", label=_("作品编号"), accessor=lambda a: blind_code(a.entry)),
        Column("title", label=_("作品"), accessor="entry.title"),
        Column("judge_name", label=_("评委"), accessor="judge.name"),
        "round",
        "state",
        "source",
        Column(
            "score_status",
            label=_("评分"),
            accessor=lambda a: ScoreStatus(a.score_status).label if a.score_status else "—",
        ),
        DateColumn("declared_no_conflict_at", label=_("声明无冲突")),
    ]
    list_export = [
        "round",
        "entry.title",
        "judge.name",
        "state",
        "source",
        "declared_no_conflict_at",
        "recusal_reason",
        "created_at",
    ]
    export_headings = {"entry.title": _("作品"), "judge.name": _("评委")}
    export_filename = "assignments"
    form_fields = ["recusal_reason"]  # never shown: view only

    def list_queryset(self, queryset):
        status = Score.objects.filter(assignment=OuterRef("pk")).values("status")[:1]
        return queryset.select_related("entry", "judge", "round__contest").annotate(score_status=Subquery(status))

    def row_actions(self, instance):
        if instance.state == AssignmentState.ACTIVE:
            return [(_("撤销分配"), reverse("judging_rounds:remove_assignment", args=[instance.pk]), "bin")]
        return []


class ScoreFilterSet(WagtailFilterSet):
    round = django_filters.ModelChoiceFilter(label=_("评审轮次"), field_name="assignment__round", queryset=_rounds)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ScoreStatus.choices)

    class Meta:
        model = Score
        fields = ["round", "status"]


class ScoreViewSet(OrganiserModelViewSet):
    model = Score
    name = "judging_scores"
    icon = "form"
    menu_label = pgettext_lazy("admin menu", "评分")
    ordering = ["-updated_at"]
    search_fields = ["assignment__entry__title", "assignment__judge__name", "comment"]
    filterset_class = ScoreFilterSet
    list_display = [
        Column("code", label=_("作品编号"), accessor=lambda s: blind_code(s.assignment.entry)),
        Column("title", label=_("作品"), accessor="assignment.entry.title"),
        Column("judge_name", label=_("评委"), accessor="assignment.judge.name"),
        "status",
        DateColumn("submitted_at", label=_("提交时间")),
        DateColumn("updated_at", label=_("更新时间")),
    ]
    list_export = ["assignment.entry.title", "assignment.judge.name", "status", "comment", "submitted_at", "updated_at"]
    export_headings = {"assignment.entry.title": _("作品"), "assignment.judge.name": _("评委")}
    export_filename = "scores"
    form_fields = ["comment"]  # never shown: view only

    def list_queryset(self, queryset):
        return queryset.select_related("assignment__entry", "assignment__judge", "assignment__round")

    def row_actions(self, instance):
        if instance.status == ScoreStatus.SUBMITTED:
            return [(_("退回修改"), reverse("judging_rounds:reopen_score", args=[instance.pk]), "undo")]
        return []


# Rounds: the custom pages --------------------------------------------------------------------------
