"""The participant's side of real-name verification (实名): the legal name and the documents the
contest's rule asks for, their own downloads, and submitting with a confirmation; and the request to
become an organisation's contact person (单位负责人) for a contest.

Only members of a team of the contest reach the identity pages (404 for anyone else, and for a
contest without the requirement). Uploads check the declared size before the body is read
(``csrf_exempt`` outside, ``csrf_protect`` inside), like due diligence; the service checks the rest.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from contests.models import Contest, IdentityDocument, ProofKind
from contests.portal.forms.identity import ApplyForm, DocumentUploadForm, SubmitForm
from contests.services import ContestError, vetting
from contests.services import identity as service
from contests.services.files import file_response
from contests.services.submission import format_beijing_time

FORM_OVERHEAD_BYTES = 64 * 1024


def _contest(request, contest_slug):
    contest = get_object_or_404(Contest, slug=contest_slug)
    if not service.requires_real_name(contest) or not service.participates(contest, request.user):
        raise Http404
    return contest


def _back(contest):
    return redirect("contests:identity", contest_slug=contest.slug)


def _context(request, contest, **extra):
    proof = service.proof_of(contest, request.user)
    documents = list(proof.documents.order_by("kind", "pk")) if proof.pk else []
    labels = dict(ProofKind.choices)
    problems = service.edit_problems(proof, request.user)
    kinds = [
        (
            kind,
            labels[kind],
            [d for d in documents if d.kind == kind],
            DocumentUploadForm(initial={"kind": kind}, auto_id=f"id_{kind}_%s"),
        )
        for kind in service.kinds_for(contest)
    ]
    return {
        "contest": contest,
        "proof": proof,
        "kinds": kinds,
        "may_edit": not problems,
        "requirements": service.describe_groups(service.RULE_GROUPS[contest.real_name_rule]),
        "missing": service.describe_groups(service.missing_groups(proof, documents)),
        "allowed": service.describe_allowed(),
        "submitted_at": proof.submitted_at and format_beijing_time(proof.submitted_at),
        "reviewed_at": proof.reviewed_at and format_beijing_time(proof.reviewed_at),
        **extra,
    }


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def identity(request, contest_slug):
    """GET: the proof and its documents; POST: upload one document (multipart, ``kind`` + ``file``)."""
    contest = _contest(request, contest_slug)
    if request.method == "GET":
        return render(request, "contests/portal/identity.html", _context(request, contest))
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > service.MAX_FILE_BYTES + FORM_OVERHEAD_BYTES:
        messages.error(
            request,
            _("上传的文件过大（单个文件不超过 %(size)d MB），未保存。")
            % {"size": service.MAX_FILE_BYTES // service.MiB},
        )
        return _back(contest)
    return _upload(request, contest)


@csrf_protect
def _upload(request, contest):
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return _back(contest)
    try:
        document = service.add_document(
            contest, user=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
        )
    except ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("已上传“%(name)s”（%(size)s，SHA-256：%(sha)s…）。")
            % {"name": document.original_name, "size": filesizeformat(document.size), "sha": document.sha256[:16]},
        )
    return _back(contest)


@login_required
@require_GET
def identity_file(request, contest_slug, document_id):
    """The person's own documents only (reviewers use their own pages)."""
    contest = _contest(request, contest_slug)
    document = get_object_or_404(IdentityDocument, pk=document_id, proof__contest=contest, proof__user=request.user)
    return file_response(document)


@login_required
@require_http_methods(["GET", "POST"])
def identity_submit(request, contest_slug):
    """A page that says what submitting means, with a confirmation; the service checks again."""
    contest = _contest(request, contest_slug)
    proof = service.proof_of(contest, request.user)
    form = SubmitForm(request.POST or None, initial={"version": proof.version, "legal_name": proof.legal_name})
    if request.method == "POST" and form.is_valid():
        try:
            service.submit_proof(
                contest, user=request.user, legal_name=form.cleaned_data["legal_name"],
                version=form.cleaned_data["version"] if proof.pk else None,
            )  # fmt: skip
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("实名认证已提交，审核结果会通过邮件通知你。"))
            return _back(contest)
    problems = [p for p in service.submit_problems(proof, request.user, legal_name="-") if p]
    status = 400 if request.method == "POST" else 200
    context = _context(request, contest, form=form, submit_problems=problems)
    return render(request, "contests/portal/identity_submit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def vetting_apply(request, contest_slug):
    """Ask to become an organisation's contact person for a contest (an organiser approves)."""
    contest = get_object_or_404(Contest, slug=contest_slug)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vetting.apply(contest, user=request.user, **form.cleaned_data)
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("申请已提交，组委会批准后会通过邮件通知你。"))
            return redirect("contests:dashboard")
    requests = contest.organisation_contacts.filter(user=request.user).order_by("pk")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "contests/portal/vetting_apply.html",
        {"contest": contest, "form": form, "requests": requests},
        status=status,
    )
