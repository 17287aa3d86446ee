"""Organiser pages of awards in the Wagtail admin (/admin/awards/…): per round, the proposal from
the ranking (quota use, ties at the boundary), applying it, granting other or special awards and
revoking, each with a reason. The rules are in ``contests.services.outcomes.awards``."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from contests import models
from contests.models import Award, AwardCategory, Round
from contests.organiser.base import OrganiserAdminView, OrganiserMenuItem, RoundPageMixin
from contests.organiser.forms import ConfirmForm, confirm_field
from contests.organiser.outcomes import due_diligence
from contests.organiser.outcomes.entry_chooser import EntryChooserWidget, award_candidates
from contests.services import ContestError
from contests.services.outcomes.awards import (
    apply_proposals,
    build_proposal,
    grant_award,
    revoke_award,
)

TEMPLATES = "contests/outcomes/awards/"


class AwardsAdminView(OrganiserAdminView):
    header_icon = "pick"
    page_title = gettext_lazy("奖项评定")
    index_url_name = "awards:index"
    index_label = gettext_lazy("奖项评定")


class RoundMixin(RoundPageMixin):
    round_url_name = "awards:round"


class RoundIndexView(AwardsAdminView):
    template_name = TEMPLATES + "index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        rounds = Round.objects.select_related("contest").order_by("-contest__year", "contest", "number")
        return super().get_context_data(rounds=rounds, **kwargs)


class RoundAwardsView(RoundMixin, AwardsAdminView):
    template_name = TEMPLATES + "round.html"

    def get_page_title(self):
        return _("奖项：%(round)s") % {"round": self.round}

    def extra_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        proposal = build_proposal(self.round)
        awards = (
            models.Award.objects.filter(category__contest=self.round.contest)
            .select_related("category", "entry__team", "track", "round", "awarded_by", "revoked_by")
            .order_by("category__sort_order", "category_id", "track__sort_order", "track_id", "rank", "id")
        )
        return super().get_context_data(
            round=self.round,
            proposal=proposal,
            pending=len(proposal.pending()[0]),
            has_categories=models.AwardCategory.objects.filter(contest=self.round.contest).exists(),
            has_results=models.RoundResult.objects.filter(round=self.round).exists(),
            active=[a for a in awards if a.revoked_at is None],
            revoked=[a for a in awards if a.revoked_at is not None],
            published_rounds=set(
                models.ResultPublication.objects.filter(round__contest=self.round.contest).values_list(
                    "round_id", flat=True
                )
            ),
            **kwargs,
        )


def _apply_confirm_form(data=None):
    return ConfirmForm(data, label=_("我已核对以上名单，确认授予这些奖项（记入审计记录；撤销须写明理由）。"))


class ApplyProposalsView(RoundMixin, AwardsAdminView):
    template_name = TEMPLATES + "apply.html"

    def get_page_title(self):
        return _("按建议授予奖项")

    def get_context_data(self, form=None, **kwargs):
        to_grant, held_back = build_proposal(self.round).pending()
        form = form or ConfirmForm(
            label=_("我已核对以上名单，确认授予这些奖项（结果公布后团队可见，撤销须写明理由）。")
        )
        return super().get_context_data(round=self.round, to_grant=to_grant, held_back=held_back, form=form, **kwargs)

    def post(self, request, round_id):
        form = ConfirmForm(
            request.POST, label=_("我已核对以上名单，确认授予这些奖项（结果公布后团队可见，撤销须写明理由）。")
        )
        if not build_proposal(self.round).pending()[0]:
            # The button is disabled then; a stale page or a crafted post gets the reason instead.
            messages.error(request, _("没有待授予的建议奖项，未授予任何奖项。"))
            return redirect("awards:round", self.round.pk)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        report = apply_proposals(self.round, actor=request.user)
        lines = report.lines()
        messages.success(request, lines[0])
        for line in lines[1:]:
            messages.warning(request, line)
        return redirect("awards:round", self.round.pk)


class GrantForm(forms.Form):
    entry = forms.ModelChoiceField(
        label=gettext_lazy("作品"),
        queryset=None,
        error_messages={
            "required": gettext_lazy("请选择要授奖的作品。"),
            "invalid_choice": gettext_lazy(
                "所选作品不能在本轮次授奖：只能选择本届大赛、本轮次评审且通过形式审查的作品。"
            ),
        },
        help_text=gettext_lazy("可按作品名称、团队名称或赛道搜索本轮次的作品。"),
    )
    category = forms.ModelChoiceField(label=gettext_lazy("奖项"), queryset=None)
    reason = forms.CharField(
        label=gettext_lazy("调整理由"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("授予建议名单以外的作品、单项奖或超出名额时必填，记入审计记录。"),
    )
    confirm = confirm_field(gettext_lazy("我确认授予所选作品该奖项（记入审计记录；撤销须写明理由）。"))

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        # A searchable modal instead of a <select> of every entry; the queryset is the server-side
        # check that the posted entry is one of the round's candidates.
        self.fields["entry"].queryset = award_candidates(round_).select_related("track", "team")
        self.fields["entry"].widget = EntryChooserWidget(round_=round_)
        self.fields["category"].queryset = models.AwardCategory.objects.filter(contest=round_.contest).order_by(
            "sort_order", "pk"
        )


class GrantAwardView(RoundMixin, AwardsAdminView):
    template_name = TEMPLATES + "form.html"

    def get_page_title(self):
        return _("授予奖项")

    def get_context_data(self, form=None, **kwargs):
        initial = {k: self.request.GET[k] for k in ("entry", "category") if self.request.GET.get(k, "").isdigit()}
        return super().get_context_data(
            form=form or GrantForm(round_=self.round, initial=initial),
            submit_label=_("确认授予"),
            intro=_("授予建议名单中的作品无需理由；其他情况（名单外作品、单项奖、超出名额）须填写理由。"),
            **kwargs,
        )

    def post(self, request, round_id):
        form = GrantForm(request.POST, round_=self.round)
        if form.is_valid():
            entry, category = form.cleaned_data["entry"], form.cleaned_data["category"]
            proposal = build_proposal(self.round)
            proposed = any(p.category.pk == category.pk and p.entry.pk == entry.pk for p in proposal.proposals)
            try:
                grant_award(
                    entry, category, round_=self.round, actor=request.user,
                    reason=form.cleaned_data["reason"], proposed=proposed, _proposal=proposal,
                )  # fmt: skip
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("已授予《%(title)s》“%(award)s”。") % {"title": entry.title, "award": category.name}
                )
                return redirect("awards:round", self.round.pk)
        return self.render_to_response(self.get_context_data(form=form))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤销理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = confirm_field(gettext_lazy("我确认撤销该奖项，证书随之失效。"))


class RevokeAwardView(AwardsAdminView):
    template_name = TEMPLATES + "form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.award = get_object_or_404(
            Award.objects.select_related("category", "entry", "round__contest"),
            pk=kwargs["award_id"], revoked_at__isnull=True,
        )  # fmt: skip

    def get_page_title(self):
        return _("撤销奖项：《%(title)s》%(award)s") % {"title": self.award.entry.title, "award": self.award.category}

    def extra_breadcrumbs(self):
        return [{"url": reverse("awards:round", args=[self.award.round_id]), "label": str(self.award.round)}]

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or RevokeForm(), submit_label=_("确认撤销"),
            intro=_("撤销后证书失效；作品不再持有其他奖项时恢复为晋级或形式审查通过状态。撤销记入审计记录。"),
            **kwargs,
        )  # fmt: skip

    def post(self, request, award_id):
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                revoke_award(self.award, actor=request.user, reason=form.cleaned_data["reason"])
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("奖项已撤销。"))
                return redirect("awards:round", self.award.round_id)
        return self.render_to_response(self.get_context_data(form=form))


class AwardsViewSet(ViewSet):
    name = "awards"
    url_prefix = "awards"
    icon = "pick"
    menu_label = gettext_lazy("奖项评定")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", RoundIndexView.as_view(), name="index"),
            path("rounds/<int:round_id>/", RoundAwardsView.as_view(), name="round"),
            path("rounds/<int:round_id>/apply/", ApplyProposalsView.as_view(), name="apply"),
            path("rounds/<int:round_id>/grant/", GrantAwardView.as_view(), name="grant"),
            path("awards/<int:award_id>/revoke/", RevokeAwardView.as_view(), name="revoke"),
            # Winner due diligence (尽职调查), contests/organiser/outcomes/due_diligence.py
            *due_diligence.urlpatterns(),
        ]


class AwardCategoryViewSet(ModelViewSet):
    model = AwardCategory
    name = "award_categories"
    icon = "tag"
    menu_label = gettext_lazy("奖项设置")
    search_backend_name = None
    copy_view_enabled = False
    ordering = ["contest", "sort_order", "id"]
    search_fields = ["name"]
    list_filter = ["contest", "level", "per_track"]
    list_display = ["name", "contest", "level", "quota", "per_track", "sort_order"]
    list_export = ["contest", "name", "level", "quota", "per_track", "sort_order"]
    export_filename = "award-categories"
    panels = [
        FieldPanel("contest"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("quota"), FieldPanel("per_track"), FieldPanel("sort_order")]),
    ]
