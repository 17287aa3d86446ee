"""Organiser pages of advancement (/admin/outcomes/advancement/…): the rounds, the preview of a
round's cut with a confirmation form, and the frozen decision. Each page checks
``is_organiser``; the work is done by ``contests.services.outcomes.advancement``."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from contests import models
from contests.models import AdvancementDecision
from contests.models.outcomes import AdvancementMethod
from contests.models.results import TieBreak
from contests.organiser.base import OrganiserAdminView, OrganiserMenuItem, RoundPageMixin
from contests.services import ContestError
from contests.services.outcomes.advancement import confirm_advancement, default_next_round, preview_advancement

# Rows shown below the cut line before the rest of a track folds away.
ROWS_AFTER_CUT = 10


class CutForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("晋级方式"), choices=AdvancementMethod.choices)
    # Range checks are the service's (one message for the page, the command and the API).
    parameter = forms.DecimalField(label=gettext_lazy("参数 N"), max_digits=8, decimal_places=2)
    include_ties_at_cut = forms.BooleanField(label=gettext_lazy("分数线上完全并列者一同晋级"), required=False)


def round_label(round_):
    return _("第 %(number)d 轮（%(kind)s）") % {"number": round_.number, "kind": round_.get_kind_display()}


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return round_label(obj)


class ConfirmForm(CutForm):
    next_round = RoundChoiceField(label=gettext_lazy("晋级到"), queryset=None, empty_label=None)
    note = forms.CharField(label=gettext_lazy("说明（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(
        label=gettext_lazy("我已核对名额线和并列情况，确定本轮晋级名单（确定后不能更改）"),
        error_messages={"required": gettext_lazy("请勾选确认后再提交。")},
    )

    # Finalist confirmation (晋级确认, ``contests.services.outcomes.finalists``).
    require_confirmation = forms.BooleanField(
        label=gettext_lazy("要求晋级团队在截止时间前确认参赛（放弃或逾期的名额可由候补作品递补）"), required=False
    )
    confirmation_deadline = forms.DateTimeField(
        label=gettext_lazy("确认截止时间（北京时间）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )

    def clean(self):
        data = super().clean()
        if data.get("require_confirmation") and not data.get("confirmation_deadline"):
            self.add_error("confirmation_deadline", _("要求确认参赛时请填写确认截止时间。"))
        return data

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_round"].queryset = round_.contest.rounds.filter(number__gt=round_.number).order_by("number")
        for name in ("method", "parameter", "include_ties_at_cut"):
            self.fields[name].widget = forms.HiddenInput()


class AdvancementAdminView(OrganiserAdminView):
    header_icon = "list-ol"
    page_title = gettext_lazy("晋级")

    def get_breadcrumbs_items(self):
        if not hasattr(self, "round"):
            return [*self.breadcrumbs_items, {"url": "", "label": _("晋级")}]
        return [
            *self.breadcrumbs_items,
            {"url": reverse("outcomes_advancement:index"), "label": _("晋级")},
            {"url": "", "label": self.get_page_title()},
        ]


class AdvancementIndexView(AdvancementAdminView):
    template_name = "contests/outcomes/advancement/index.html"

    def get_context_data(self, **kwargs):
        rounds = list(
            models.Round.objects.select_related("contest", "advancement__decided_by", "advancement__next_round")
            .order_by("-contest__year", "contest_id", "number")
        )  # fmt: skip
        # Decisions that required finalist confirmation link to its page (one query for all).
        confirming = set(models.FinalistConfirmation.objects.values_list("decision_id", flat=True).distinct())
        for round_ in rounds:
            round_.decision = getattr(round_, "advancement", None)
            round_.confirming = round_.decision is not None and round_.decision.pk in confirming
            round_.label = round_label(round_)
            if round_.decision:
                round_.next_label = round_label(round_.decision.next_round)
        return super().get_context_data(rounds=rounds, **kwargs)


class RoundMixin(RoundPageMixin):
    def get_page_title(self):
        return _("晋级：%(contest)s %(round)s") % {"contest": self.round.contest, "round": round_label(self.round)}


def mark_cut(tracks):
    """Per snapshot track: where to draw the cut line, and which rows fold away below it."""
    for track in tracks:
        rows = track["rows"]
        last = max((i for i, row in enumerate(rows) if row["advances"]), default=-1)
        for i, row in enumerate(rows):
            row["cut_after"] = i == last
        split = max(last + 1 + ROWS_AFTER_CUT, ROWS_AFTER_CUT)
        track["shown"], track["folded"] = rows[:split], rows[split:]
    return tracks


class AdvancementPreviewView(RoundMixin, AdvancementAdminView):
    template_name = "contests/outcomes/advancement/preview.html"

    def get(self, request, round_id):
        if AdvancementDecision.objects.filter(round=self.round).exists():
            return redirect("outcomes_advancement:decision", self.round.pk)
        data = request.GET if "method" in request.GET else self.defaults()
        return self.render_to_response(self.get_context_data(cut_form=CutForm(data, auto_id="cut_%s")))

    def defaults(self):
        return {
            "method": AdvancementMethod.TOP_N,
            "parameter": self.round.advancement_quota or 10,
            "include_ties_at_cut": "on",
        }

    def get_context_data(self, cut_form, confirm_form=None, **kwargs):
        preview, error = None, None
        if cut_form.is_valid():
            try:
                preview = preview_advancement(self.round, **cut_form.cleaned_data)
            except ContestError as exc:
                error = exc.message
                cut_form.add_error("parameter", error)
        if preview is not None and confirm_form is None:
            initial = {**cut_form.cleaned_data, "next_round": default_next_round(self.round)}
            confirm_form = ConfirmForm(initial=initial, round_=self.round)
        return super().get_context_data(
            round=self.round, cut_form=cut_form, confirm_form=confirm_form, preview=preview,
            tracks=mark_cut(preview.snapshot()["tracks"]) if preview else [],
            problems=preview.problems() if preview else [], next_round=default_next_round(self.round),
            method_label=self.round.get_aggregation_display(), **kwargs,
        )  # fmt: skip

    def post(self, request, round_id):
        form = ConfirmForm(request.POST, round_=self.round)
        cut_form = CutForm(request.POST, auto_id="cut_%s")
        if form.is_valid():
            data = form.cleaned_data
            try:
                confirm_advancement(
                    self.round, next_round=data["next_round"], method=data["method"], parameter=data["parameter"],
                    include_ties_at_cut=data["include_ties_at_cut"], actor=request.user, note=data["note"],
                    confirmation_deadline=data["confirmation_deadline"] if data["require_confirmation"] else None,
                )  # fmt: skip
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("晋级名单已确定，晋级作品已进入下一轮。"))
                return redirect("outcomes_advancement:decision", self.round.pk)
        return self.render_to_response(self.get_context_data(cut_form=cut_form, confirm_form=form))


class AdvancementDecisionView(RoundMixin, AdvancementAdminView):
    template_name = "contests/outcomes/advancement/decision.html"

    def get_page_title(self):
        return _("晋级决定：%(contest)s %(round)s") % {"contest": self.round.contest, "round": round_label(self.round)}

    def get_context_data(self, **kwargs):
        decision = get_object_or_404(
            AdvancementDecision.objects.select_related("decided_by", "next_round__contest"), round=self.round
        )
        ranking = decision.ranking
        return super().get_context_data(
            round=self.round, decision=decision, next_label=round_label(decision.next_round),
            tracks=mark_cut(ranking["tracks"]),
            chain=[TieBreak(key).label for key in ranking.get("chain", []) if key in TieBreak.values],
            computed_at=parse_datetime(ranking.get("computed_at") or ""),
            advanced_count=len(decision.advanced_entry_ids), has_finalists=decision.finalists.exists(), **kwargs,
        )  # fmt: skip


class AdvancementViewSet(ViewSet):
    name = "outcomes_advancement"
    url_prefix = "outcomes/advancement"
    icon = "list-ol"
    menu_label = gettext_lazy("晋级")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", AdvancementIndexView.as_view(), name="index"),
            path("rounds/<int:round_id>/", AdvancementPreviewView.as_view(), name="round"),
            path("rounds/<int:round_id>/decision/", AdvancementDecisionView.as_view(), name="decision"),
        ]
