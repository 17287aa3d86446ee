"""Real-name review (实名审核) in the division workspace: the proofs of the members of the division's
teams, filtered by status and paginated (a division may hold thousands of participants), a proof's
documents through a permission-checked download, and 通过 / 驳回 with a confirmation.

The division comes from ``division_for_manager`` (404 outside the user's divisions) and every proof
from ``identity.proofs_in_division``: a proof of another division's member is a 404 too.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from contests.models import IdentityDocument, ProofStatus
from contests.services import ContestError
from contests.services import identity as service
from contests.services.divisions import division_for_manager
from contests.services.files import file_response
from contests.services.submission import format_beijing_time

PER_PAGE = 50


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
        "may_review": proof.status == ProofStatus.PENDING,
        "submitted_at": proof.submitted_at and format_beijing_time(proof.submitted_at),
        "reviewed_at": proof.reviewed_at and format_beijing_time(proof.reviewed_at),
    }
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def _proof(division, proof_id):
    queryset = service.proofs_in_division(division).select_related("contest", "user", "reviewed_by")
    return get_object_or_404(queryset, pk=proof_id)


def status_filter(request, proofs):
    status = request.GET.get("status", ProofStatus.PENDING)
    if status in ProofStatus.values:
        return proofs.filter(status=status), status
    return proofs, ""


@login_required
@require_GET
def proof_list(request, contest_slug, division_slug):
    division = division_for_manager(request.user, contest_slug, division_slug)
    proofs, status = status_filter(request, service.proofs_in_division(division))
    proofs = proofs.select_related("user").order_by("submitted_at", "pk")
    page = Paginator(proofs, PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "contests/divisions/identity_list.html",
        {"division": division, "contest": division.contest, "page_obj": page, "proofs": page.object_list,
         "statuses": ProofStatus.choices, "status": status},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def proof_review(request, contest_slug, division_slug, proof_id):
    division = division_for_manager(request.user, contest_slug, division_slug)
    proof = _proof(division, proof_id)
    base = {"division": division, "contest": division.contest}
    done = reverse("contests:divisions:identity", kwargs={"contest_slug": contest_slug, "division_slug": division_slug})
    kwargs = {"contest_slug": contest_slug, "division_slug": division_slug, "proof_id": proof.pk}
    return review_page(
        request, proof, template="contests/divisions/identity_review.html", base_context=base, done=done,
        file_url=lambda d: reverse("contests:divisions:identity_file", kwargs={**kwargs, "document_id": d.pk}),
    )  # fmt: skip


@login_required
@require_GET
def proof_file(request, contest_slug, division_slug, proof_id, document_id):
    division = division_for_manager(request.user, contest_slug, division_slug)
    proof = _proof(division, proof_id)
    document = IdentityDocument.objects.filter(proof=proof, pk=document_id).first()
    if document is None:
        raise Http404
    return file_response(document)
