"""One real-name review step (实名审核) for the division workspace and the admin, instead of two copies
of the form, its labels and its POST handling (like ``contests.adoption_decision``): the proof's facts
and documents, 通过 / 驳回 with a reason and a confirmation; the decision is
``contests.services.identity.review_proof``."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests.models import ProofStatus
from contests.services import ContestError
from contests.services import identity as service
from contests.services.submission import format_beijing_time


class ReviewForm(forms.Form):
    DECISIONS = [("approve", gettext_lazy("通过")), ("reject", gettext_lazy("驳回"))]

    decision = forms.ChoiceField(label=gettext_lazy("审核结论"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=gettext_lazy("驳回原因"),
        max_length=service.MAX_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("驳回时必填；本人会在邮件和参赛中心看到。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=gettext_lazy("我已核对证件姓名与材料，确认提交审核结论（将邮件通知本人）。"),
        error_messages={"required": gettext_lazy("请勾选确认后再提交。")},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("驳回时必须填写原因。"))
        return data


def review_page(request, proof, *, template, base_context, done, file_url):
    """The review of one proof (shared by the division workspace and the admin)."""
    form = ReviewForm(request.POST or None, initial={"version": proof.version})
    if request.method == "POST" and form.is_valid():
        try:
            service.review_proof(
                proof, actor=request.user, approved=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"], version=form.cleaned_data["version"],
            )  # fmt: skip
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("审核结论已保存，并已通过邮件通知本人。"))
            return redirect(done)
    documents = list(proof.documents.order_by("kind", "pk"))
    for document in documents:
        document.url = file_url(document)
    context = {
        **base_context,
        "proof": proof,
        "documents": documents,
        "teams": list(proof.user.team_memberships.filter(contest=proof.contest).select_related("team__division")),
        "form": form,
        "may_review": proof.status == ProofStatus.PENDING and proof.user_id != request.user.pk,
        "own": proof.user_id == request.user.pk,
        "submitted_at": proof.submitted_at and format_beijing_time(proof.submitted_at),
        "reviewed_at": proof.reviewed_at and format_beijing_time(proof.reviewed_at),
    }
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def status_filter(request, proofs):
    status = request.GET.get("status", ProofStatus.PENDING)
    if status in ProofStatus.values:
        return proofs.filter(status=status), status
    return proofs, ""
