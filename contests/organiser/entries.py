"""Entries and the audit trail in the "大赛" menu: view-only lists (entries change through the
services, which keep revisions; audit events are append-only)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from contests.choices import OrganisationType
from contests.models import AuditEvent, Contest, Entry
from contests.organiser.base import OrganiserIndexView, OrganiserModelViewSet, TrackFilter, city_choices
from contests.services.judging.judges import blind_code


class EntryFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(label=_("大赛"), queryset=Contest.objects.all())
    track = TrackFilter(label=_("赛道"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Entry._meta.get_field("status").choices)
    organisation_type = django_filters.ChoiceFilter(
        label=_("单位类型"), field_name="team__organisation_type", choices=OrganisationType.choices
    )
    city = django_filters.ModelChoiceFilter(label=_("所在城市"), field_name="team__city", queryset=city_choices)
    team = django_filters.NumberFilter(label=_("团队编号"), widget=forms.HiddenInput)

    class Meta:
        model = Entry
        fields = ["contest", "track", "status", "organisation_type", "city", "team"]


class EntryIndexView(OrganiserIndexView):
    # 作品编号 in the spreadsheet is the code every organiser page shows, not the uuid behind it.
    custom_field_preprocess = {
        "uuid": {OrganiserIndexView.FORMAT_XLSX: blind_code, OrganiserIndexView.FORMAT_CSV: blind_code}
    }


class EntryViewSet(OrganiserModelViewSet):
    model = Entry
    name = "contest_entries"
    icon = "doc-full"
    menu_label = _("参赛作品")
    ordering = ["-updated_at"]
    search_fields = ["title", "abstract", "team__name"]
    filterset_class = EntryFilterSet
    index_view_class = EntryIndexView
    list_display = [
        "title",
        Column("code", label=_("作品编号"), accessor=blind_code),
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


class AuditEventViewSet(OrganiserModelViewSet):
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
