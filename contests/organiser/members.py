"""Participants in the "大赛" menu (参赛人员): the list with its filters and export, and the
organiser's corrections of a team's membership — from a row, a confirmation page with a reason for
"移出团队" or "设为队长". The rules (never without a leader, a reason always, the audit trail) are in
``contests.services.teams``; GET only shows."""

import django_filters
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from contests.choices import OrganisationType, TeamRole
from contests.models import Contest, TeamMembership
from contests.organiser.base import (
    LinkColumn,
    OrganiserAdminView,
    OrganiserModelViewSet,
    TrackFilter,
    city_choices,
    filtered_index,
    require_organiser,
)
from contests.services import ContestError
from contests.services.teams import organiser_make_leader, organiser_remove_member

REASON_REQUIRED = gettext_lazy("请填写调整理由，理由将记入审计记录。")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("调整理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_REQUIRED},
        help_text=gettext_lazy("记入审计记录，例如：“队员已离职，经团队书面申请调整”。"),
    )


def team_members_url(team_id):
    return reverse("contest_members:index") + "?" + urlencode({"team": team_id})


class MemberFilterSet(WagtailFilterSet):
    contest = django_filters.ModelChoiceFilter(label=_("大赛"), queryset=Contest.objects.all())
    team = django_filters.NumberFilter(label=_("团队编号"), widget=forms.HiddenInput)
    role = django_filters.ChoiceFilter(label=_("角色"), choices=TeamRole.choices)
    organisation_type = django_filters.ChoiceFilter(
        label=_("单位类型"), field_name="team__organisation_type", choices=OrganisationType.choices
    )
    city = django_filters.ModelChoiceFilter(label=_("所在城市"), field_name="team__city", queryset=city_choices)
    track = TrackFilter(label=_("作品赛道"), field_name="team__entries__track", distinct=True)

    class Meta:
        model = TeamMembership
        fields = ["contest", "team", "role", "organisation_type", "city", "track"]


class MemberActionsColumn(Column):
    """Links to "移出团队" (members and advisers) and "设为队长" (members); none on the leader's
    row: a leader leaves only once another member leads."""

    cell_template_name = "contests/admin/teams/actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.role != TeamRole.LEADER:
            context["remove_url"] = reverse("team_admin:remove_member", args=[instance.pk])
        if instance.role == TeamRole.MEMBER:
            context["leader_url"] = reverse("team_admin:make_leader", args=[instance.pk])
        return context


class MemberViewSet(OrganiserModelViewSet):
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


class MemberActionView(OrganiserAdminView):
    """A confirmation page about one membership (``membership_id`` in the URL)."""

    template_name = "contests/admin/teams/confirm.html"
    header_icon = "group"
    index_url_name = "contest_members:index"
    index_label = gettext_lazy("参赛人员")
    submit_label = None
    intro = None

    def dispatch(self, request, *args, **kwargs):
        # Permission before the lookup, so that a non-organiser cannot probe which ids exist.
        require_organiser(request.user)
        self.membership = get_object_or_404(
            TeamMembership.objects.select_related("team__contest", "user"), pk=kwargs["membership_id"]
        )
        self.team = self.membership.team
        return super().dispatch(request, *args, **kwargs)

    def extra_breadcrumbs(self):
        return [{"url": team_members_url(self.team.pk), "label": self.team.name}]

    def get_context_data(self, form=None, **kwargs):
        contest = self.team.contest
        members = self.team.memberships.select_related("user").order_by("role", "joined_at")
        return super().get_context_data(
            form=form or ReasonForm(),
            membership=self.membership,
            team=self.team,
            contest=contest,
            members=members,
            players=sum(1 for m in members if m.role != TeamRole.ADVISER),
            entry_count=self.team.entries.count(),
            submit_label=self.submit_label,
            intro=self.intro,
            cancel_url=team_members_url(self.team.pk),
            **kwargs,
        )

    def act(self, reason):
        raise NotImplementedError

    def post(self, request, membership_id):
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                self.act(form.cleaned_data["reason"])
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                return redirect(team_members_url(self.team.pk))
        return self.render_to_response(self.get_context_data(form=form))


class RemoveMemberView(MemberActionView):
    submit_label = gettext_lazy("确认移出")
    intro = gettext_lazy("移出后此人不再属于该团队，团队作品保持不变。队长不能直接移出，请先把另一名队员设为队长。")

    def get_page_title(self):
        return _("移出团队：%(name)s") % {"name": self.membership.user.get_full_name()}

    def act(self, reason):
        problems = organiser_remove_member(
            team=self.team, member_user=self.membership.user, actor=self.request.user, reason=reason
        )
        messages.success(
            self.request,
            _("已将 %(name)s 移出团队“%(team)s”。")
            % {"name": self.membership.user.get_full_name(), "team": self.team.name},
        )
        for problem in problems:
            messages.warning(self.request, problem)


class MakeLeaderView(MemberActionView):
    submit_label = gettext_lazy("确认设为队长")
    intro = gettext_lazy("此人成为队长，原队长留在团队中成为队员。")

    def get_page_title(self):
        return _("设为队长：%(name)s") % {"name": self.membership.user.get_full_name()}

    def act(self, reason):
        organiser_make_leader(team=self.team, user=self.membership.user, actor=self.request.user, reason=reason)
        messages.success(
            self.request,
            _("%(name)s 已成为团队“%(team)s”的队长。")
            % {"name": self.membership.user.get_full_name(), "team": self.team.name},
        )


def admin_urls():
    """The confirmation pages behind the list's "移出团队" and "设为队长" links."""
    urls = [
        path("<int:membership_id>/remove/", RemoveMemberView.as_view(), name="remove_member"),
        path("<int:membership_id>/make-leader/", MakeLeaderView.as_view(), name="make_leader"),
    ]
    return [path("contest-team-members/", include((urls, "team_admin")))]
