"""Organiser pages of finalist confirmation (/admin/outcomes/finalists/…): the decisions that
required confirmation, one decision's finalists with their answers, and filling a declined or
lapsed place from the waitlist (a page that says what will happen, then the confirmation). Every
page checks ``is_organiser``; the work is done by ``contests.services.outcomes.finalists``."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from contests.models import AdvancementDecision
from contests.models.finalists import FinalistConfirmation, FinalistStatus
from contests.organiser.base import OrganiserAdminView, OrganiserMenuItem
from contests.organiser.outcomes.advancement import round_label
from contests.services import ContestError
from contests.services.outcomes import finalists as service


class DeadlineField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
        super().__init__(**kwargs)


class ReplaceForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput())
    deadline = DeadlineField(label=gettext_lazy("递补作品确认截止时间（北京时间）"))
    confirmed = forms.BooleanField(
        label=gettext_lazy("我已核对候补作品，确定递补（确定后不能撤销）"),
        error_messages={"required": gettext_lazy("请勾选确认后再提交。")},
    )


class FinalistsAdminView(OrganiserAdminView):
    header_icon = "list-ol"
    page_title = gettext_lazy("晋级确认")
    index_url_name = "outcomes_finalists:index"
    index_label = gettext_lazy("晋级确认")


class FinalistsIndexView(FinalistsAdminView):
    template_name = "contests/outcomes/finalists/index.html"
    index_url_name = None

    def get_context_data(self, **kwargs):
        decisions = list(
            AdvancementDecision.objects.filter(finalists__isnull=False)
            .distinct()
            .select_related("round__contest", "next_round")
            .order_by("-round__contest__year", "round__contest_id", "round__number")
        )
        for decision in decisions:
            decision.label = f"{decision.round.contest} {round_label(decision.round)}"
        return super().get_context_data(decisions=decisions, **kwargs)


def _status_counts(confirmations):
    counts = dict.fromkeys(FinalistStatus.values, 0)
    for confirmation in confirmations:
        counts[confirmation.status] += 1
    return [(FinalistStatus(status).label, count) for status, count in counts.items()]


class DecisionFinalistsView(FinalistsAdminView):
    template_name = "contests/outcomes/finalists/decision.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.decision = get_object_or_404(
            AdvancementDecision.objects.select_related("round__contest", "next_round"), pk=kwargs["decision_id"]
        )

    def get_page_title(self):
        return _("晋级确认：%(contest)s %(round)s") % {
            "contest": self.decision.round.contest,
            "round": round_label(self.decision.round),
        }

    def get_context_data(self, **kwargs):
        service.lapse_overdue(timezone.now(), decision=self.decision)
        confirmations = list(
            FinalistConfirmation.objects.filter(decision=self.decision)
            .select_related("entry__team", "entry__track", "responded_by", "replaces__entry")
            .order_by("entry__track__sort_order", "entry__track_id", "created_at", "pk")
        )
        replaced = {c.replaces_id for c in confirmations if c.replaces_id}
        for confirmation in confirmations:
            confirmation.can_replace = (
                confirmation.status in service.OPEN_FOR_REPLACEMENT and confirmation.pk not in replaced
            )
            confirmation.replaced = confirmation.pk in replaced
        return super().get_context_data(
            decision=self.decision, confirmations=confirmations, counts=_status_counts(confirmations),
            next_label=round_label(self.decision.next_round), **kwargs,
        )  # fmt: skip


class ReplaceView(FinalistsAdminView):
    template_name = "contests/outcomes/finalists/replace.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.confirmation = get_object_or_404(
            FinalistConfirmation.objects.select_related("decision__round__contest", "decision__next_round", "entry"),
            pk=kwargs["pk"],
        )

    def extra_breadcrumbs(self):
        decision = self.confirmation.decision
        url = reverse("outcomes_finalists:decision", args=[decision.pk])
        return [{"url": url, "label": f"{decision.round.contest} {round_label(decision.round)}"}]

    def get_page_title(self):
        return _("递补：%(title)s") % {"title": self.confirmation.entry.title}

    def get_context_data(self, form=None, **kwargs):
        service.lapse_overdue(timezone.now(), decision=self.confirmation.decision)
        self.confirmation.refresh_from_db()
        problem = service.replacement_problem(self.confirmation)
        found = None if problem else service.next_candidate(self.confirmation)
        if form is None and found:
            form = ReplaceForm(initial={"entry": found[1].pk})
        return super().get_context_data(
            confirmation=self.confirmation, decision=self.confirmation.decision, problem=problem,
            row=found[0] if found else None, candidate=found[1] if found else None, form=form,
            next_label=round_label(self.confirmation.decision.next_round), **kwargs,
        )  # fmt: skip

    def post(self, request, pk):
        form = ReplaceForm(request.POST)
        if form.is_valid():
            try:
                new = service.replace(
                    self.confirmation, deadline=form.cleaned_data["deadline"], actor=request.user,
                    expected_entry_id=form.cleaned_data["entry"],
                )  # fmt: skip
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已递补“%(title)s”晋级，并已通知该团队确认。") % {"title": new.entry.title})
                return redirect("outcomes_finalists:decision", self.confirmation.decision_id)
        return self.render_to_response(self.get_context_data(form=form))


class FinalistsViewSet(ViewSet):
    name = "outcomes_finalists"
    url_prefix = "outcomes/finalists"
    icon = "list-ol"
    menu_label = gettext_lazy("晋级确认")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", FinalistsIndexView.as_view(), name="index"),
            path("decisions/<int:decision_id>/", DecisionFinalistsView.as_view(), name="decision"),
            path("confirmations/<int:pk>/replace/", ReplaceView.as_view(), name="replace"),
        ]
