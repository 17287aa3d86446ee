"""The team's side of winner due diligence (尽职调查): the request for an award, uploading the listed
documents (several files per kind), taking one back, and submitting them with a confirmation.

Cases are found through ``cases_visible_to`` (the award's team and organisers): anyone else gets a
404, never a 403. Uploads check the declared size before the body is read (``csrf_exempt`` outside,
``csrf_protect`` inside), like appeals; the service checks role, deadline and content.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contests.models import DueDiligenceDocument, DueDiligenceDocumentKind
from contests.portal.forms.due_diligence import DocumentUploadForm, SubmitForm
from contests.services import ContestError
from contests.services.files import file_response
from contests.services.outcomes import due_diligence as service
from contests.services.submission import format_beijing_time

# Room for the multipart boundaries, headers and the CSRF token around the file itself.
FORM_OVERHEAD_BYTES = 64 * 1024


def _case(request, case_id):
    queryset = service.cases_visible_to(request.user).select_related(
        "request__round__contest", "award__entry__team", "award__entry__track", "award__category",
        "successor_award__entry__team", "submitted_by", "reviewed_by",
    )  # fmt: skip
    return get_object_or_404(queryset, pk=case_id)


def _back(case):
    return redirect("contests:due_diligence_case", case_id=case.pk)


def _context(request, case, **extra):
    now = timezone.now()
    documents = list(case.documents.select_related("uploaded_by").order_by("kind", "uploaded_at", "pk"))
    labels = dict(DueDiligenceDocumentKind.choices)
    problems = service.upload_problems(case, user=request.user, now=now)
    by_kind = [
        (kind, labels[kind], [d for d in documents if d.kind == kind], DocumentUploadForm(prefix=kind))
        for kind in case.request.documents
    ]
    return {
        "case": case,
        "award": case.award,
        "entry": case.award.entry,
        "team": case.award.entry.team,
        "dd_request": case.request,
        "deadline": format_beijing_time(service.case_deadline(case)),
        "by_kind": by_kind,
        "may_upload": not problems,
        "problem": problems[0] if problems else "",
        "missing": service.kind_labels(service.missing_kinds(case)),
        "allowed": service.describe_allowed(),
        "submitted_at": case.submitted_at and format_beijing_time(case.submitted_at),
        "reviewed_at": case.reviewed_at and format_beijing_time(case.reviewed_at),
        **extra,
    }


@login_required
@require_GET
def case_detail(request, case_id):
    case = _case(request, case_id)
    return render(request, "contests/portal/due_diligence.html", _context(request, case))


@csrf_exempt
@login_required
@require_POST
def document_upload(request, case_id, kind):
    case = _case(request, case_id)
    if kind not in case.request.documents:
        raise Http404
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > service.MAX_FILE_BYTES + FORM_OVERHEAD_BYTES:
        # Refused without reading the body at all.
        limit = {"size": service.MAX_FILE_BYTES // service.MiB}
        messages.error(request, _("上传的文件过大（单个文件不超过 %(size)d MB），未保存。") % limit)
        return _back(case)
    return _document_upload(request, case, kind)


@csrf_protect
def _document_upload(request, case, kind):
    form = DocumentUploadForm(request.POST, request.FILES, prefix=kind)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return _back(case)
    try:
        document = service.add_document(case, user=request.user, kind=kind, upload=form.cleaned_data["file"])
    except ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("已上传“%(name)s”（%(size)s，SHA-256：%(sha)s…）。")
            % {"name": document.original_name, "size": filesizeformat(document.size), "sha": document.sha256[:16]},
        )
    return _back(case)


@login_required
@require_GET
def document_download(request, case_id, document_id):
    """The award's team (any member) and organisers only: everything else is a 404."""
    case = _case(request, case_id)
    return file_response(get_object_or_404(DueDiligenceDocument, case=case, pk=document_id))


@login_required
@require_POST
def document_remove(request, case_id, document_id):
    case = _case(request, case_id)
    document = get_object_or_404(DueDiligenceDocument, case=case, pk=document_id)
    try:
        service.remove_document(document, user=request.user)
    except ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已删除“%(name)s”。") % {"name": document.original_name})
    return _back(case)


@login_required
@require_http_methods(["GET", "POST"])
def case_submit(request, case_id):
    """A page that says what submitting means, with a confirmation; the service checks again."""
    case = _case(request, case_id)
    form = SubmitForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            service.submit_case(case, user=request.user, version=form.cleaned_data["version"])
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("尽职调查材料已提交，组委会审核后会通过邮件通知全体成员。"))
            return _back(case)
    problems = service.submit_problems(case, user=request.user)
    status = 400 if request.method == "POST" else 200
    context = _context(request, case, form=form, submit_problems=problems)
    return render(request, "contests/portal/due_diligence_submit.html", context, status=status)
