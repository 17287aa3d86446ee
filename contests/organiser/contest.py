"""The contest itself in the "大赛" menu: contests, their tracks and their rounds.

Contest, Track and Round are separate viewsets linked by per-row links and a contest filter,
rather than inline panels on the contest: tracks carry a many-to-many to data resources and
both are PROTECTed by entries, so an inline formset that deletes a row would fail on save.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column

from contests.models import Contest, Entry, Round, Team, Track
from contests.organiser.base import LinkColumn, LocalTimeColumn, OrganiserModelViewSet, filtered_index
from scenes.widgets import data_resource_picker


class ContestViewSet(OrganiserModelViewSet):
    model = Contest
    name = "contest_contests"
    icon = "calendar-check"
    menu_label = pgettext_lazy("admin menu", "大赛")
    ordering = ["-year", "name"]
    search_fields = ["name", "slug", "summary"]
    list_filter = ["year"]
    list_display = [
        "name",
        "year",
        Column("phase_label", label=_("当前阶段"), accessor=lambda c: c.phase().label),
        LocalTimeColumn("registration_closes", label=_("报名截止")),
        LocalTimeColumn("submission_deadline", label=_("作品提交截止")),
        LinkColumn(
            "track_count",
            label=_("赛道"),
            url=lambda c: filtered_index("contest_tracks", contest=c.pk),
        ),
        LinkColumn("round_count", label=_("评审轮次"), url=lambda c: filtered_index("contest_rounds", contest=c.pk)),
        LinkColumn("team_count", label=_("团队"), url=lambda c: filtered_index("contest_teams", contest=c.pk)),
        LinkColumn("entry_count", label=_("作品"), url=lambda c: filtered_index("contest_entries", contest=c.pk)),
    ]
    list_export = [
        "name",
        "slug",
        "year",
        "registration_opens",
        "registration_closes",
        "submission_deadline",
        "judging_starts",
        "judging_ends",
        "results_date",
        "team_count",
        "entry_count",
    ]
    export_headings = {"team_count": _("团队数"), "entry_count": _("作品数")}
    export_filename = "contests"
    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldRowPanel([FieldPanel("slug"), FieldPanel("year")]), FieldPanel("summary")],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldPanel("submission_deadline"),
                FieldRowPanel([FieldPanel("judging_starts"), FieldPanel("judging_ends")]),
                FieldPanel("results_date"),
            ],
            heading=_("日程（北京时间）"),
            help_text=_("各时间须依次先后：报名开始 ≤ 报名截止 ≤ 作品提交截止 ≤ 评审开始 ≤ 评审结束 ≤ 结果公布。"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("min_team_size"), FieldPanel("max_team_size")]),
                FieldRowPanel([FieldPanel("allow_advisers"), FieldPanel("max_advisers")]),
                FieldPanel("max_entries_per_team"),
                FieldPanel("feedback_to_teams"),
            ],
            heading=_("参赛规则"),
        ),
    ]

    def list_queryset(self, queryset):
        # Separate subqueries: joining tracks, rounds, teams and entries at once would multiply rows.
        def count(model):
            counted = model.objects.filter(contest=OuterRef("pk")).order_by().values("contest").annotate(n=Count("pk"))
            # No rows means no group at all: show 0, not None.
            return Coalesce(Subquery(counted.values("n")), 0)

        queryset = Contest.with_results_final_at(queryset)  # for the phase column (已结束 once final)
        return queryset.annotate(
            track_count=count(Track), round_count=count(Round), team_count=count(Team), entry_count=count(Entry)
        )


class TrackViewSet(OrganiserModelViewSet):
    model = Track
    name = "contest_tracks"
    icon = "list-ul"
    menu_label = pgettext_lazy("admin menu", "赛道")
    ordering = ["contest", "sort_order", "id"]
    search_fields = ["name", "proposing_unit", "description"]
    list_filter = ["contest"]
    list_display = [
        "name",
        "contest",
        "proposing_unit",
        Column("data_resources_text", label=_("开放数据资源")),
        "entry_limit",
        "sort_order",
    ]
    list_export = ["contest", "name", "slug", "proposing_unit", "data_resources_text", "entry_limit", "description"]
    export_headings = {"data_resources_text": _("开放数据资源")}
    export_filename = "tracks"
    panels = [
        FieldPanel("contest"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("proposing_unit"),
        FieldPanel("description"),
        # The catalogue may hold 150,000 resources: the picker draws the chosen ones and searches the rest.
        FieldPanel("data_resources", widget=data_resource_picker()),
        FieldRowPanel([FieldPanel("entry_limit"), FieldPanel("sort_order")]),
    ]

    def list_queryset(self, queryset):
        return queryset.select_related("contest").prefetch_related("data_resources")


class RoundViewSet(OrganiserModelViewSet):
    model = Round
    name = "contest_rounds"
    icon = "history"
    menu_label = pgettext_lazy("admin menu", "评审轮次")
    ordering = ["contest", "number"]
    list_filter = ["contest", "kind"]
    search_fields = ["contest__name"]
    list_display = [
        "__str__",
        "number",
        "kind",
        LocalTimeColumn("opens_at", label=_("评审开始")),
        LocalTimeColumn("closes_at", label=_("评审截止")),
        "judges_per_entry",
        "aggregation",
        "advancement_quota",
    ]
    list_export = [
        "contest",
        "number",
        "kind",
        "opens_at",
        "closes_at",
        "judges_per_entry",
        "aggregation",
        "advancement_quota",
    ]
    export_filename = "rounds"
    panels = [
        FieldPanel("contest"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("judges_per_entry"), FieldPanel("aggregation"), FieldPanel("advancement_quota")]),
        FieldRowPanel([FieldPanel("disagreement_threshold"), FieldPanel("comment_min_length")]),
        FieldPanel("others_scores_visibility"),
    ]

    def list_queryset(self, queryset):
        return queryset.select_related("contest")
