"""Divisions (分赛区) in the "大赛" menu, for organisers: the divisions of each contest (name, node,
first-round dates checked against the contest by ``Division.clean``, quota), their per-track quotas,
their managers (added by e-mail, who are then e-mailed a link to their workspace) and moving a team
to another division with a reason (a confirmation page says what will happen).

The services decide (``contests.services.division_setup``, ``division_moves``); these pages collect
input and check the organiser predicate on every request.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column

from contests.models import Division, DivisionTrackQuota, Team
from contests.organiser.base import (
    LinkColumn,
    LocalTimeColumn,
    OrganiserAdminView,
    OrganiserModelViewSet,
    filtered_index,
    require_organiser,
)
from contests.organiser.forms import confirm_field
from contests.services import ContestError
from contests.services.division_moves import judging_in_hand, move_team
from contests.services.division_setup import add_manager, remove_manager


class DivisionViewSet(OrganiserModelViewSet):
    model = Division
    name = "contest_divisions"
    icon = "site"
    menu_label = gettext_lazy("分赛区")
    ordering = ["contest", "sort_order", "id"]
    search_fields = ["name", "slug"]
    list_filter = ["contest"]
    list_display = [
        "name",
        "contest",
        "node",
        LocalTimeColumn("first_round_opens", label=gettext_lazy("初赛评审开始")),
        LocalTimeColumn("first_round_closes", label=gettext_lazy("初赛评审截止")),
        # With quotas per track the division sends their sum (as its cuts and its workspace say).
        Column("quota_in_force", label=gettext_lazy("晋级省赛名额")),
        LinkColumn(
            "manager_count",
            label=gettext_lazy("管理员"),
            url=lambda d: reverse("division_admin:managers", args=[d.pk]),
        ),
        LinkColumn(
            "team_count",
            label=gettext_lazy("团队"),
            url=lambda d: filtered_index("contest_teams", contest=d.contest_id, division=d.pk),
        ),
    ]
    list_export = ["contest", "name", "slug", "node", "first_round_opens", "first_round_closes", "quota"]
    export_filename = "divisions"
    panels = [
        FieldPanel("contest"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("node"),
        FieldRowPanel([FieldPanel("first_round_opens"), FieldPanel("first_round_closes")]),
        FieldRowPanel([FieldPanel("quota"), FieldPanel("sort_order")]),
    ]

    def list_queryset(self, queryset):
        track_quotas = (
            DivisionTrackQuota.objects.filter(division=OuterRef("pk"))
            .values("division")
            .annotate(total=Sum("quota"))
            .values("total")
        )
        return queryset.select_related("contest", "node").annotate(
            manager_count=Count("managers", distinct=True),
            team_count=Count("teams", distinct=True),
            quota_in_force=Coalesce(
                Subquery(track_quotas, output_field=IntegerField()), F("quota"), output_field=IntegerField()
            ),
        )

    def row_actions(self, instance):
        return [
            (_("管理员"), reverse("division_admin:managers", args=[instance.pk]), "user"),
            (
                _("赛道名额"),
                filtered_index("contest_division_quotas", division=instance.pk),
                "list-ol",
            ),
            (
                _("分赛区工作台"),
                reverse(
                    "contests:divisions:dashboard",
                    kwargs={"contest_slug": instance.contest.slug, "division_slug": instance.slug},
                ),
                "view",
            ),
        ]


class QuotaForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        division, track = data.get("division"), data.get("track")
        if division and track and track.contest_id != division.contest_id:
            self.add_error("track", _("请选择该分赛区所属大赛的赛道。"))
        return data


class DivisionTrackQuotaViewSet(OrganiserModelViewSet):
    model = DivisionTrackQuota
    name = "contest_division_quotas"
    icon = "list-ol"
    menu_label = gettext_lazy("分赛区赛道名额")
    ordering = ["division__contest", "division__sort_order", "division", "track__sort_order"]
    list_filter = ["division"]
    list_display = ["division", "track", "quota"]
    edit_handler = ObjectList(
        [FieldPanel("division"), FieldPanel("track"), FieldPanel("quota")], base_form_class=QuotaForm
    )

    def list_queryset(self, queryset):
        return queryset.select_related("division", "track")


# ---------------------------------------------------------------- managers


class ManagerForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("管理员电子邮箱"),
        help_text=gettext_lazy("须是已注册的账号；添加后对方会收到分赛区工作台的链接。"),
    )


class DivisionPageMixin:
    index_url_name = "contest_divisions:index"
    index_label = gettext_lazy("分赛区")

    def dispatch(self, request, *args, **kwargs):
        require_organiser(request.user)  # before the lookup: no probing which ids exist
        self.division = get_object_or_404(Division.objects.select_related("contest", "node"), pk=kwargs["division_id"])
        return super().dispatch(request, *args, **kwargs)


class ManagersView(DivisionPageMixin, OrganiserAdminView):
    template_name = "contests/admin/divisions/managers.html"
    header_icon = "user"

    def get_page_title(self):
        return _("分赛区管理员：%(name)s") % {"name": self.division.name}

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            division=self.division,
            managers=self.division.managers.order_by("email"),
            form=form or ManagerForm(),
            **kwargs,
        )

    def post(self, request, division_id):
        form = ManagerForm(request.POST)
        if form.is_valid():
            try:
                user = add_manager(self.division, form.cleaned_data["email"], actor=request.user)
            except ContestError as error:
                form.add_error("email", error.message)
            else:
                messages.success(
                    request, _("已添加 %(email)s 为分赛区管理员，并发送工作台链接。") % {"email": user.email}
                )
                return redirect("division_admin:managers", division_id=self.division.pk)
        return self.render_to_response(self.get_context_data(form=form))


class RemoveManagerView(DivisionPageMixin, OrganiserAdminView):
    template_name = "contests/judging/admin/form.html"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        require_organiser(request.user)
        self.manager = get_object_or_404(
            get_user_model(), pk=kwargs["user_id"], managed_divisions=kwargs["division_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("取消分赛区管理员：%(email)s") % {"email": self.manager.email}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=forms.Form(),
            submit_label=_("确认取消"),
            intro=_("取消后 %(email)s 不能再进入%(division)s的工作台。")
            % {"email": self.manager.email, "division": self.division.name},
            **kwargs,
        )

    def post(self, request, division_id, user_id):
        remove_manager(self.division, self.manager, actor=request.user)
        messages.success(request, _("已取消 %(email)s 的分赛区管理员身份。") % {"email": self.manager.email})
        return redirect("division_admin:managers", division_id=self.division.pk)


# ---------------------------------------------------------------- moving a team


class MoveForm(forms.Form):
    to_division = forms.ModelChoiceField(label=gettext_lazy("调整到"), queryset=Division.objects.none())
    reason = forms.CharField(
        label=gettext_lazy("调整原因"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("请填写调整原因。")},
        help_text=gettext_lazy("记入审计记录并告知队长，例如：“团队单位实际位于青岛”。"),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_division"].queryset = Division.objects.filter(contest_id=team.contest_id).exclude(
            pk=team.division_id
        )


class ConfirmMoveForm(MoveForm):
    confirm = confirm_field()


class MoveTeamView(OrganiserAdminView):
    template_name = "contests/admin/divisions/move.html"
    header_icon = "group"
    index_url_name = "contest_teams:index"
    index_label = gettext_lazy("参赛团队")

    def dispatch(self, request, *args, **kwargs):
        require_organiser(request.user)
        self.team = get_object_or_404(Team.objects.select_related("contest", "division"), pk=kwargs["team_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("调整分赛区：%(team)s") % {"team": self.team.name}

    def get_context_data(self, form=None, confirming=False, **kwargs):
        # Said before the organiser writes a reason: the move would be refused anyway (move_team).
        busy = judging_in_hand(self.team)
        return super().get_context_data(
            team=self.team, form=form or MoveForm(team=self.team), confirming=confirming,
            busy_rounds="、".join(str(r.get_kind_display()) for r in busy), **kwargs,
        )  # fmt: skip

    def post(self, request, team_id):
        if "confirm_step" in request.POST:
            form = ConfirmMoveForm(request.POST, team=self.team)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    move_team(self.team, data["to_division"], actor=request.user, reason=data["reason"])
                except ContestError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(
                        request,
                        _("已将团队“%(team)s”调整到%(division)s。")
                        % {"team": self.team.name, "division": data["to_division"].name},
                    )
                return redirect("contest_teams:index")
            return self.render_to_response(self.get_context_data(form=form, confirming=True))
        form = MoveForm(request.POST, team=self.team)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        confirm = ConfirmMoveForm(initial=data, team=self.team)
        summary = _(
            "将把团队“%(team)s”从%(origin)s调整到%(target)s，原因：%(reason)s；该团队的作品将由%(target)s评审。"
        ) % {
            "team": self.team.name,
            "origin": self.team.division.name if self.team.division else _("（未分配）"),
            "target": data["to_division"].name,
            "reason": data["reason"],
        }
        return self.render_to_response(self.get_context_data(form=confirm, confirming=True, summary=summary))


def admin_urls():
    urls = [
        path("<int:division_id>/managers/", ManagersView.as_view(), name="managers"),
        path("<int:division_id>/managers/<int:user_id>/remove/", RemoveManagerView.as_view(), name="remove_manager"),
        path("teams/<int:team_id>/move/", MoveTeamView.as_view(), name="move_team"),
    ]
    return [path("contest-divisions-admin/", include((urls, "division_admin")))]
