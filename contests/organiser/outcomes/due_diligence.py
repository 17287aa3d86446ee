"""Organiser pages of winner due diligence (尽职调查) in the Wagtail admin, under the awards section
(/admin/awards/…): per round the request and its cases; requiring it (document kinds, instructions,
deadline); per case the documents, a review with a confirmation page that states the consequence,
and — after a fail — confirming the award's offer to the next-ranked eligible entry. The rules are
in ``contests.services.outcomes.due_diligence``."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests import models
from contests.models import DueDiligenceCase, DueDiligenceDocument, DueDiligenceDocumentKind
from contests.organiser.base import OrganiserAdminView, RoundPageMixin
from contests.organiser.forms import confirm_field
from contests.services import ContestError
from contests.services.files import file_response
from contests.services.outcomes import due_diligence as service
from contests.services.submission import format_beijing_time

TEMPLATES = "contests/outcomes/due_diligence/"
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


# Everything but "other materials" is asked for unless the organiser unticks it.
DEFAULT_KINDS = [kind for kind in DueDiligenceDocumentKind.values if kind != DueDiligenceDocumentKind.OTHER]


class AwardsAdminView(OrganiserAdminView):
    """Pages of the awards section (the awards module adds these URLs to its viewset)."""

    header_icon = "pick"
    page_title = gettext_lazy("奖项评定")
    index_url_name = "awards:index"
    index_label = gettext_lazy("奖项评定")


class RequestForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=gettext_lazy("所需材料"),
        choices=DueDiligenceDocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("请至少选择一类需要提交的材料。")},
    )
    instructions = forms.CharField(
        label=gettext_lazy("说明"),
        max_length=service.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("团队会在邮件和参赛中心看到这段说明。"),
    )
    deadline = forms.DateTimeField(
        label=gettext_lazy("提交截止"),
        widget=DATETIME_INPUT,
        help_text=gettext_lazy("北京时间，须晚于现在。"),
    )
    confirm = confirm_field(
        gettext_lazy("我确认要求本轮全部获奖团队提交以上材料（将邮件通知各团队；审核完毕前不能确定最终结果）。")
    )


class ReviewForm(forms.Form):
    DECISIONS = [("passed", gettext_lazy("审核通过")), ("failed", gettext_lazy("审核不通过"))]

    decision = forms.ChoiceField(label=gettext_lazy("审核结论"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=gettext_lazy("审核意见"),
        max_length=service.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("不通过时必填；团队会看到审核意见，公示记录只写明未通过及递补情况。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "failed" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("审核不通过时必须填写理由。"))
        return data


class ReviewConfirmForm(ReviewForm):
    confirm = confirm_field(gettext_lazy("我已了解上述后果，确认提交审核结论（提交后不能修改）。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("decision", "reason"):
            self.fields[name].widget = forms.HiddenInput()


class SuccessorForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    deadline = forms.DateTimeField(
        label=gettext_lazy("递补作品的材料提交截止"),
        widget=DATETIME_INPUT,
        required=False,
        help_text=gettext_lazy("北京时间；不填则沿用本轮要求的截止时间（已过则为 5 天后）。"),
    )
    confirm = confirm_field(gettext_lazy("我确认将该奖项递补授予上述作品（记入审计记录，并邮件通知该团队）。"))


class DueDiligenceRoundView(RoundPageMixin, AwardsAdminView):
    round_url_name = "awards:round"
    template_name = TEMPLATES + "round.html"

    def get_page_title(self):
        return _("尽职调查：%(round)s") % {"round": self.round}

    def get_context_data(self, **kwargs):
        dd_request = models.DueDiligenceRequest.objects.filter(round=self.round).first()
        cases = (
            DueDiligenceCase.objects.filter(request=dd_request)
            .select_related("award__entry__team", "award__category", "award__track", "successor_award__entry")
            .order_by("award__category__sort_order", "award__track__sort_order", "award__rank", "pk")
            if dd_request
            else []
        )
        return super().get_context_data(
            round=self.round,
            dd_request=dd_request,
            deadline=dd_request and format_beijing_time(dd_request.deadline),
            documents=dd_request and service.kind_labels(dd_request.documents),
            cases=cases,
            problems=service.request_problems(self.round) if dd_request is None else [],
            **kwargs,
        )


class RequireDueDiligenceView(RoundPageMixin, AwardsAdminView):
    round_url_name = "awards:round"
    template_name = TEMPLATES + "request.html"

    def get_page_title(self):
        return _("要求尽职调查")

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            round=self.round,
            form=form or RequestForm(initial={"documents": DEFAULT_KINDS}),
            awards=service.round_awards(self.round),
            problems=service.request_problems(self.round),
            **kwargs,
        )

    def post(self, request, round_id):
        form = RequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                service.require_due_diligence(
                    self.round, actor=request.user, documents=data["documents"],
                    instructions=data["instructions"], deadline=data["deadline"],
                )  # fmt: skip
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已要求本轮获奖团队提交尽职调查材料，并已邮件通知。"))
                return redirect("awards:due_diligence", self.round.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CaseMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.case = get_object_or_404(
            DueDiligenceCase.objects.select_related(
                "request__round__contest", "award__entry__team", "award__entry__track", "award__category",
                "award__track", "successor_award__entry__team", "submitted_by", "reviewed_by",
            ),
            pk=kwargs["case_id"],
        )  # fmt: skip

    def extra_breadcrumbs(self):
        round_ = self.case.request.round
        return [
            {"url": reverse("awards:round", args=[round_.pk]), "label": str(round_)},
            {"url": reverse("awards:due_diligence", args=[round_.pk]), "label": _("尽职调查")},
        ]

    def case_context(self):
        case = self.case
        return {
            "case": case,
            "award": case.award,
            "entry": case.award.entry,
            "deadline": format_beijing_time(service.case_deadline(case)),
            "documents": list(case.documents.select_related("uploaded_by").order_by("kind", "uploaded_at", "pk")),
            "submitted_at": case.submitted_at and format_beijing_time(case.submitted_at),
            "reviewed_at": case.reviewed_at and format_beijing_time(case.reviewed_at),
        }


class CaseView(CaseMixin, AwardsAdminView):
    """The case's documents and the review form; posting it shows the confirmation page first."""

    template_name = TEMPLATES + "case.html"

    def get_page_title(self):
        return _("尽职调查：%(team)s · %(award)s") % {
            "team": self.case.award.entry.team.name,
            "award": self.case.award.category.name,
        }

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            **self.case_context(),
            review_problems=service.review_problems(self.case),
            form=form or ReviewForm(initial={"version": self.case.version}),
            successor_problems=service.successor_problems(self.case),
            **kwargs,
        )


class ReviewConfirmView(CaseMixin, AwardsAdminView):
    """The review form posts here: first this page states what the decision does (a fail revokes the
    award; who the award would pass to); only the confirmed second post changes anything."""

    template_name = TEMPLATES + "review_confirm.html"

    def get_page_title(self):
        return _("确认审核结论")

    def get_context_data(self, form=None, passed=None, **kwargs):
        successor = None if passed else service.successor_candidate(self.case)
        return super().get_context_data(**self.case_context(), form=form, passed=passed, successor=successor)

    def get(self, request, case_id):
        return redirect("awards:due_diligence_case", case_id)

    def post(self, request, case_id):
        if request.POST.get("step") != "confirm":
            form = ReviewForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return redirect("awards:due_diligence_case", case_id)
            passed = form.cleaned_data["decision"] == "passed"
            confirm = ReviewConfirmForm(initial=form.cleaned_data)
            return self.render_to_response(self.get_context_data(form=confirm, passed=passed))
        form = ReviewConfirmForm(request.POST)
        passed = request.POST.get("decision") == "passed"
        if form.is_valid():
            try:
                service.review_case(
                    self.case, actor=request.user, passed=passed, reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                )  # fmt: skip
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                if passed:
                    messages.success(request, _("尽职调查审核通过，已通知该团队。"))
                    return redirect("awards:due_diligence_case", self.case.pk)
                messages.warning(request, _("尽职调查未通过，奖项已撤销。请确认递补。"))
                return redirect("awards:due_diligence_successor", self.case.pk)
        return self.render_to_response(self.get_context_data(form=form, passed=passed))


class SuccessorView(CaseMixin, AwardsAdminView):
    template_name = TEMPLATES + "successor.html"

    def get_page_title(self):
        return _("递补奖项：%(award)s") % {"award": self.case.award.category.name}

    def get_context_data(self, form=None, **kwargs):
        successor = service.successor_candidate(self.case)
        problems = service.successor_problems(self.case)
        initial = {"version": self.case.version, "entry": successor.candidate.entry.pk if successor.candidate else ""}
        return super().get_context_data(
            **self.case_context(),
            successor=successor,
            problems=problems,
            form=form or SuccessorForm(initial=initial),
            **kwargs,
        )

    def post(self, request, case_id):
        form = SuccessorForm(request.POST)
        if form.is_valid():
            entry = get_object_or_404(models.Entry, pk=form.cleaned_data["entry"])
            try:
                award = service.offer_successor(
                    self.case, actor=request.user, entry=entry, version=form.cleaned_data["version"],
                    deadline=form.cleaned_data["deadline"],
                )  # fmt: skip
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("已将“%(award)s”递补授予《%(title)s》。") % {"award": award.category.name, "title": entry.title},
                )
                return redirect("awards:due_diligence", self.case.request.round_id)
        return self.render_to_response(self.get_context_data(form=form))


class DocumentView(AwardsAdminView):
    def get(self, request, case_id, document_id):
        return file_response(get_object_or_404(DueDiligenceDocument, case_id=case_id, pk=document_id))


def urlpatterns():
    from django.urls import path

    return [
        path("rounds/<int:round_id>/due-diligence/", DueDiligenceRoundView.as_view(), name="due_diligence"),
        path(
            "rounds/<int:round_id>/due-diligence/request/",
            RequireDueDiligenceView.as_view(),
            name="due_diligence_request",
        ),
        path("due-diligence/<int:case_id>/", CaseView.as_view(), name="due_diligence_case"),
        path("due-diligence/<int:case_id>/review/", ReviewConfirmView.as_view(), name="due_diligence_review"),
        path("due-diligence/<int:case_id>/successor/", SuccessorView.as_view(), name="due_diligence_successor"),
        path(
            "due-diligence/<int:case_id>/files/<int:document_id>/",
            DocumentView.as_view(),
            name="due_diligence_document",
        ),
    ]
