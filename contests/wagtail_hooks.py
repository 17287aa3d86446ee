"""Wagtail admin of the contest: one "大赛" menu for organisers (group "大赛组织者") and superusers.

Contest, Track and Round are separate viewsets linked by per-row links and a contest filter,
rather than inline panels on the contest: tracks carry a many-to-many to data resources and
both are PROTECTed by entries, so an inline formset that deletes a row would fail on save.
Teams, members, entries and the audit trail are lists for organisers; the group has view
permission only on members, entries and audit events (they change through the services).
Every list selects its relations up front, so the number of queries does not grow with rows.
"""

import django_filters
from django import forms
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from contests.admin_teams import MemberActionsColumn  # also registers its admin URLs
from contests.choices import OrganisationType, TeamRole
from contests.models import AuditEvent, Contest, Entry, Round, Team, TeamMembership, Track


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """View only, even for superusers: these rows change through the services (entries keep
    revisions, memberships obey the team rules, audit events are append-only)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


# Registered before any viewset asks for a policy (Wagtail would create a default one).
for _model in (TeamMembership, Entry, AuditEvent):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model))


class LinkColumn(Column):
    """A cell that links somewhere about the row (e.g. the filtered list of its members)."""

    cell_template_name = "contests/admin/link_cell.html"

    def __init__(self, name, *, url, **kwargs):
        super().__init__(name, **kwargs)
        self.url = url

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = self.url(instance)
        return context


class LocalTimeColumn(Column):
    """A date and time in Asia/Shanghai, written out: the timeline is in the future, where
    Wagtail's DateColumn (time since) would only say "just now"."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return date_format(localtime(value), "Y-m-d H:i") if value else ""


def filtered_index(viewset_name, **params):
    return reverse(f"{viewset_name}:index") + "?" + urlencode(params)


class SelectRelatedIndexView(IndexView):
    """An index whose base queryset comes from the viewset (``list_queryset``)."""

    list_queryset = None

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return self.list_queryset(queryset) if self.list_queryset else queryset


class ContestAdminViewSet(ModelViewSet):
    """Shared settings: plain ORM search (icontains finds 养老 inside 智慧养老), no copy."""

    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    add_to_admin_menu = False

    def list_queryset(self, queryset):
        return queryset

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(list_queryset=self.list_queryset, **kwargs)

    index_view_class = SelectRelatedIndexView


# ---------------------------------------------------------------- contest, tracks, rounds


class ContestViewSet(ContestAdminViewSet):
    model = Contest
    name = "contest_contests"
    icon = "trophy"
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

        return queryset.annotate(
            track_count=count(Track), round_count=count(Round), team_count=count(Team), entry_count=count(Entry)
        )


class TrackViewSet(ContestAdminViewSet):
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
        FieldPanel("data_resources", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("entry_limit"), FieldPanel("sort_order")]),
    ]

    def list_queryset(self, queryset):
        return queryset.select_related("contest").prefetch_related("data_resources")


class RoundViewSet(ContestAdminViewSet):
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


# ---------------------------------------------------------------- teams and members


def _tracks(request=None):
    return Track.objects.select_related("contest").order_by("contest", "sort_order")


def _cities(request=None):
    from scenes.models import Node

    return Node.objects.filter(teams__isnull=False).distinct().order_by("sort_order")


class TeamFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(label=_("大赛"), queryset=Contest.objects.all())
    track = django_filters.ModelChoiceFilter(
        label=_("作品赛道"), field_name="entries__track", queryset=_tracks, distinct=True
    )
    organisation_type = django_filters.ChoiceFilter(label=_("单位类型"), choices=OrganisationType.choices)
    city = django_filters.ModelChoiceFilter(label=_("所在城市"), queryset=_cities)

    class Meta:
        model = Team
        fields = ["contest", "track", "organisation_type", "city"]


class TeamAdminForm(WagtailAdminModelForm):
    def clean_name(self):
        # The contest is not on the form, so Django would skip the (contest, name) constraint.
        name = self.cleaned_data["name"].strip()
        clash = Team.objects.filter(contest_id=self.instance.contest_id, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("本届大赛已有同名团队。"))
        return name


class TeamViewSet(ContestAdminViewSet):
    model = Team
    name = "contest_teams"
    icon = "group"
    menu_label = _("参赛团队")
    ordering = ["contest", "name"]
    search_fields = ["name", "organisation", "credit_code"]
    filterset_class = TeamFilterSet
    list_display = [
        "name",
        "contest",
        "organisation",
        "organisation_type",
        "city",
        Column("leader_name", label=_("队长")),
        LinkColumn("member_count", label=_("人数"), url=lambda t: filtered_index("contest_members", team=t.pk)),
        LinkColumn("entry_count", label=_("作品"), url=lambda t: filtered_index("contest_entries", team=t.pk)),
        DateColumn("created_at", label=_("创建时间")),
    ]
    list_export = [
        "contest",
        "name",
        "organisation",
        "organisation_type",
        "credit_code",
        "city",
        "leader_name",
        "leader_email",
        "member_count",
        "entry_count",
        "created_at",
    ]
    export_headings = {
        "leader_name": _("队长"),
        "leader_email": _("队长邮箱"),
        "member_count": _("人数"),
        "entry_count": _("作品数"),
    }
    export_filename = "teams"
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("organisation_type")]),
            FieldRowPanel([FieldPanel("credit_code"), FieldPanel("city")]),
        ],
        base_form_class=TeamAdminForm,
    )

    def list_queryset(self, queryset):
        leader = TeamMembership.objects.filter(team=OuterRef("pk"), role=TeamRole.LEADER)
        return queryset.select_related("contest", "city").annotate(
            member_count=Count("memberships", distinct=True),
            entry_count=Count("entries", distinct=True),
            leader_name=Subquery(leader.values("user__real_name")[:1]),
            leader_email=Subquery(leader.values("user__email")[:1]),
        )


class MemberFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(label=_("大赛"), queryset=Contest.objects.all())
    team = django_filters.NumberFilter(label=_("团队编号"), widget=forms.HiddenInput)
    role = django_filters.ChoiceFilter(label=_("角色"), choices=TeamRole.choices)
    organisation_type = django_filters.ChoiceFilter(
        label=_("单位类型"), field_name="team__organisation_type", choices=OrganisationType.choices
    )
    city = django_filters.ModelChoiceFilter(label=_("所在城市"), field_name="team__city", queryset=_cities)
    track = django_filters.ModelChoiceFilter(
        label=_("作品赛道"), field_name="team__entries__track", queryset=_tracks, distinct=True
    )

    class Meta:
        model = TeamMembership
        fields = ["contest", "team", "role", "organisation_type", "city", "track"]


class MemberViewSet(ContestAdminViewSet):
    model = TeamMembership
    name = "contest_members"
    icon = "user"
    menu_label = _("参赛人员")
    ordering = ["team__name", "role", "joined_at"]
    search_fields = ["user__real_name", "user__email", "user__phone", "team__name", "user__organisation"]
    filterset_class = MemberFilterSet
    list_display = [
        Column("name", label=_("姓名"), accessor=lambda m: m.user.get_full_name()),
        "user__email",
        "role",
        LinkColumn(
            "team_name",
            label=_("团队"),
            accessor="team.name",
            url=lambda m: filtered_index("contest_members", team=m.team_id),
        ),
        Column("organisation_type", label=_("单位类型"), accessor="team.get_organisation_type_display"),
        Column("city", label=_("所在城市"), accessor="team.city"),
        Column("contest", label=_("大赛"), accessor="contest"),
        DateColumn("joined_at", label=_("加入时间")),
        MemberActionsColumn("actions", label=_("管理"), accessor="pk"),
    ]
    list_export = [
        "contest",
        "team",
        "user.real_name",
        "user.email",
        "user.phone",
        "user.organisation",
        "role",
        "team.organisation",
        "team.city",
        "joined_at",
    ]
    export_headings = {
        "user.real_name": _("姓名"),
        "user.email": _("电子邮箱"),
        "user.phone": _("手机号"),
        "user.organisation": _("工作单位"),
        "team.organisation": _("团队所属单位"),
        "team.city": _("所在城市"),
    }
    export_filename = "participants"
    form_fields = ["role"]  # never shown: the policy allows viewing only

    def list_queryset(self, queryset):
        return queryset.select_related("user", "team__city", "contest")


# ---------------------------------------------------------------- entries and audit


class EntryFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(label=_("大赛"), queryset=Contest.objects.all())
    track = django_filters.ModelChoiceFilter(label=_("赛道"), queryset=_tracks)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Entry._meta.get_field("status").choices)
    organisation_type = django_filters.ChoiceFilter(
        label=_("单位类型"), field_name="team__organisation_type", choices=OrganisationType.choices
    )
    city = django_filters.ModelChoiceFilter(label=_("所在城市"), field_name="team__city", queryset=_cities)
    team = django_filters.NumberFilter(label=_("团队编号"), widget=forms.HiddenInput)

    class Meta:
        model = Entry
        fields = ["contest", "track", "status", "organisation_type", "city", "team"]


class EntryViewSet(ContestAdminViewSet):
    model = Entry
    name = "contest_entries"
    icon = "doc-full"
    menu_label = _("参赛作品")
    ordering = ["-updated_at"]
    search_fields = ["title", "abstract", "team__name"]
    filterset_class = EntryFilterSet
    list_display = [
        "title",
        "team",
        "track",
        "status",
        Column("city", label=_("所在城市"), accessor="team.city"),
        DateColumn("submitted_at", label=_("最近提交时间")),
        DateColumn("updated_at", label=_("更新时间")),
    ]
    list_export = [
        "contest",
        "track",
        "title",
        "team",
        "team.organisation",
        "team.city",
        "status",
        "submitted_at",
        "updated_at",
        "uuid",
    ]
    export_headings = {"team.organisation": _("团队所属单位"), "team.city": _("所在城市"), "uuid": _("作品编号")}
    export_filename = "entries"
    # View only (see ReadOnlyPermissionPolicy); eligibility and status change through services.
    form_fields = ["eligibility_note"]
    inspect_view_fields_exclude = ["version"]

    def list_queryset(self, queryset):
        return queryset.select_related("team__city", "track", "contest")


class AuditEventViewSet(ContestAdminViewSet):
    model = AuditEvent
    name = "contest_audit"
    icon = "history"
    menu_label = _("审计记录")
    ordering = ["-created_at", "-id"]
    search_fields = ["action", "object_type", "object_id", "note"]
    list_filter = ["contest", "action", "object_type"]
    list_display = [
        "__str__",
        "action",
        "object_type",
        "object_id",
        Column("actor", label=_("操作人"), accessor="actor"),
        DateColumn("created_at", label=_("时间")),
    ]
    list_export = ["created_at", "contest", "actor", "action", "object_type", "object_id", "before", "after", "note"]
    export_headings = {"actor": _("操作人")}
    export_filename = "audit-events"
    form_fields = ["note"]

    def list_queryset(self, queryset):
        return queryset.select_related("actor", "contest")


class ContestAdminGroup(ViewSetGroup):
    menu_label = pgettext_lazy("admin menu", "大赛")
    menu_icon = "trophy"
    menu_order = 220
    items = (
        ContestViewSet,
        TrackViewSet,
        RoundViewSet,
        TeamViewSet,
        MemberViewSet,
        EntryViewSet,
        AuditEventViewSet,
    )


@hooks.register("register_admin_viewset")
def register_contest_admin():
    return ContestAdminGroup()


# Judging admin ("评审" menu): contests/admin_judging.py registers its own hooks when imported.
# Eligibility review ("形式审查" menu): contests/admin_eligibility.py registers its own hooks when imported.
# Outcomes ("结果与奖项" menu): contests/admin_outcomes.py.
from contests import admin_eligibility, admin_judging, admin_outcomes  # noqa: E402, F401


# Exports and imports ("导出与导入", an item of this "大赛" menu): contests/admin_exports.py.
def _add_exports_to_contest_menu():
    from contests.admin_exports import ExportViewSet

    ContestAdminGroup.items = (*ContestAdminGroup.items, ExportViewSet)


_add_exports_to_contest_menu()
