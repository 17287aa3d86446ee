"""Units (出题单位) and their 赛题 for organisers: the units, who belongs to each (a member is added by
the e-mail of an existing account), and the challenges, filtered by contest and track, where the
organiser decides whether a unit reviews its own 赛题's entries (出题单位参与评审).

Units and members are separate viewsets (Unit is a plain model, not a cluster), linked by a per-row
link and a unit filter. Challenges are made by the units in their workspace (/unit/); here
organisers only change the review flag and the order.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn

from contests.models import Challenge, Contest
from contests.organiser.base import LinkColumn, OrganiserModelViewSet, TrackFilter, filtered_index
from scenes.models import Unit, UnitMember


class UnitViewSet(OrganiserModelViewSet):
    model = Unit
    name = "contest_units"
    icon = "site"
    menu_label = pgettext_lazy("admin menu", "出题单位")
    ordering = ["name"]
    search_fields = ["name", "slug", "contact_name"]
    list_filter = ["kind"]
    list_display = [
        "name",
        "kind",
        "node",
        LinkColumn("member_count", label=_("成员"), url=lambda u: filtered_index("contest_unit_members", unit=u.pk)),
        LinkColumn("challenge_count", label=_("赛题"), url=lambda u: filtered_index("contest_challenges", unit=u.pk)),
        "contact_name",
    ]

    def list_queryset(self, queryset):
        return queryset.select_related("node").annotate(
            member_count=Count("members", distinct=True), challenge_count=Count("challenges", distinct=True)
        )


class UnitMemberForm(WagtailAdminModelForm):
    email = forms.EmailField(label=_("用户邮箱"), help_text=_("已注册账号的邮箱；该用户将能在 /unit/ 以本单位名义操作"))

    def clean(self):
        data = super().clean()
        email, unit = data.get("email"), data.get("unit")
        if not email:
            return data
        user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            self.add_error("email", _("没有使用该邮箱注册的有效账号。请先让对方注册。"))
        elif unit is not None and UnitMember.objects.filter(unit=unit, user=user).exists():
            self.add_error("email", _("该用户已是本单位成员。"))
        else:
            self.instance.user = user
        return data


class UnitMemberFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(label=_("单位"), queryset=Unit.objects.all())

    class Meta:
        model = UnitMember
        fields = ["unit"]


class UnitMemberViewSet(OrganiserModelViewSet):
    """Add (by e-mail) and remove; a membership has nothing to edit."""

    model = UnitMember
    name = "contest_unit_members"
    icon = "user"
    menu_label = _("单位成员")
    ordering = ["unit", "user__email"]
    search_fields = ["user__email", "user__real_name", "unit__name"]
    filterset_class = UnitMemberFilterSet
    inspect_view_enabled = False
    list_display = [
        Column("user_email", label=_("用户邮箱"), accessor=lambda m: m.user.email),
        Column("user_name", label=_("姓名"), accessor=lambda m: m.user.real_name),
        "unit",
        DateColumn("added_at", label=_("加入时间")),
    ]
    edit_handler = ObjectList([FieldPanel("unit"), FieldPanel("email")], base_form_class=UnitMemberForm)

    def list_queryset(self, queryset):
        return queryset.select_related("unit", "user")


class ChallengeFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(
        label=_("大赛"), field_name="track__contest", queryset=Contest.objects.all()
    )
    track = TrackFilter(label=_("赛道"))
    unit = django_filters.ModelChoiceFilter(label=_("出题单位"), queryset=Unit.objects.all())

    class Meta:
        model = Challenge
        fields = ["contest", "track", "unit"]


class ChallengeViewSet(OrganiserModelViewSet):
    model = Challenge
    name = "contest_challenges"
    icon = "pick"
    menu_label = pgettext_lazy("admin menu", "赛题")
    ordering = ["track", "sort_order", "id"]
    search_fields = ["title", "unit__name", "contact_name"]
    filterset_class = ChallengeFilterSet
    list_display = [
        "title",
        "unit",
        Column("track_label", label=_("大赛 · 赛道"), accessor=lambda c: f"{c.track.contest} · {c.track.name}"),
        Column("need_title", label=_("来源需求"), accessor=lambda c: c.need.title if c.need else "—"),
        "unit_may_review",
        Column("offer_count", label=_("提供数据")),
        "results_accepted_at",
    ]
    list_export = [
        "title",
        "unit",
        "track",
        "need",
        "contact_name",
        "contact_phone",
        "contact_email",
        "unit_may_review",
    ]
    export_filename = "challenges"
    panels = [FieldPanel("unit_may_review"), FieldPanel("sort_order")]

    def list_queryset(self, queryset):
        return queryset.select_related("unit", "track__contest", "need").annotate(offer_count=Count("offers"))
