"""Organiser corrections of a team's membership in the Wagtail admin: from a row of the "参赛人员"
list, a confirmation page with a reason for "移出团队" or "设为队长". The rules (never without a
leader, a reason always, the audit trail) are in ``contests.services.teams``; GET only shows."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests.choices import TeamRole
from contests.rules import can_manage_judging
from contests.services import ContestError
from contests.services.teams import organiser_make_leader, organiser_remove_member
from contests.views.organiser_admin import OrganiserAdminView

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
        if not can_manage_judging(request.user):
            raise PermissionDenied
        from contests.models import TeamMembership

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
