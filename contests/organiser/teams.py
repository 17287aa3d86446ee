"""Teams in the "大赛" menu: the list with its filters (contest, track, organisation type, city,
division), the export, the edit form for a team's name and organisation, and the link to move a team
to another division."""

import django_filters
from django import forms
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn

from contests.choices import OrganisationType, TeamRole
from contests.models import Contest, Division, Team, TeamMembership, VettingStatus
from contests.organiser.base import LinkColumn, OrganiserModelViewSet, TrackFilter, city_choices, filtered_index


class TeamFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(label=_("大赛"), queryset=Contest.objects.all())
    track = TrackFilter(label=_("作品赛道"), field_name="entries__track", distinct=True)
    organisation_type = django_filters.ChoiceFilter(label=_("单位类型"), choices=OrganisationType.choices)
    city = django_filters.ModelChoiceFilter(label=_("所在城市"), queryset=city_choices)
    division = django_filters.ModelChoiceFilter(label=_("分赛区"), queryset=Division.objects.select_related("contest"))
    vetting_status = django_filters.ChoiceFilter(label=_("单位确认"), choices=VettingStatus.choices)

    class Meta:
        model = Team
        fields = ["contest", "track", "organisation_type", "city", "division", "vetting_status"]


class TeamAdminForm(WagtailAdminModelForm):
    def clean_name(self):
        # The contest is not on the form, so Django would skip the (contest, name) constraint.
        name = self.cleaned_data["name"].strip()
        clash = Team.objects.filter(contest_id=self.instance.contest_id, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("本届大赛已有同名团队。"))
        return name


class TeamViewSet(OrganiserModelViewSet):
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
        "division",
        Column("leader_name", label=_("队长")),
        LinkColumn("member_count", label=_("人数"), url=lambda t: filtered_index("contest_members", team=t.pk)),
        LinkColumn("entry_count", label=_("作品"), url=lambda t: filtered_index("contest_entries", team=t.pk)),
        "vetting_status",  # unit vetting (单位负责人确认)
        DateColumn("created_at", label=_("创建时间")),
    ]
    list_export = [
        "contest",
        "name",
        "organisation",
        "organisation_type",
        "credit_code",
        "city",
        "division",
        "leader_name",
        "leader_email",
        "member_count",
        "entry_count",
        "created_at",
        "vetting_status",
        "vetting_note",
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

    def row_actions(self, instance):
        # Moving between divisions is its own confirmed action with a reason (contests/organiser/divisions.py).
        return [(_("调整分赛区"), reverse("division_admin:move_team", args=[instance.pk]), "resubmit")]

    def list_queryset(self, queryset):
        leader = TeamMembership.objects.filter(team=OuterRef("pk"), role=TeamRole.LEADER)
        return queryset.select_related("contest", "city", "division").annotate(
            member_count=Count("memberships", distinct=True),
            entry_count=Count("entries", distinct=True),
            leader_name=Subquery(leader.values("user__real_name")[:1]),
            leader_email=Subquery(leader.values("user__email")[:1]),
        )
