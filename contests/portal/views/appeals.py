"""The team's side of published results: its own result in the round, filing an appeal during the
notice window, the appeal's status and review, and downloading its own attachments.

Everything is found through the entries and appeals the user may see (404 otherwise: another
team's appeal is never disclosed). Like entry uploads, the filing view checks the declared size
before the body is read (``csrf_exempt`` outside, ``csrf_protect`` inside).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from contests.portal.forms.appeals import AppealForm
from contests.portal.views.entries import visible_entry
from contests.rules import is_entry_team_member
from contests.services import ContestError
from contests.services.files import file_response
from contests.services.outcomes import appeals as service
from contests.services.submission import format_beijing_time

# Room for the reasons, the multipart boundaries and the CSRF token around the files themselves.
FORM_OVERHEAD_BYTES = 256 * 1024


def _context(request, entry, round_, form=None):
    from contests.models import Appeal, ResultPublication, RoundResult

    now = timezone.now()
    publication = ResultPublication.objects.filter(round=round_).first()
    appeal = (
        Appeal.objects.filter(team=entry.team, round=round_).select_related("entry", "filed_by").first()
        if publication
        else None
    )
    problems = service.filing_problems(entry, round_, user=request.user, now=now)
    return {
        "entry": entry,
        "team": entry.team,
        "round": round_,
        "publication": publication,
        "published_at": publication and format_beijing_time(publication.published_at),
        "notice_ends": publication and format_beijing_time(publication.notice_ends_at),
        "notice_open": bool(publication and publication.notice_is_open(now)),
        "result": RoundResult.objects.filter(round=round_, entry=entry).first() if publication else None,
        "appeal": appeal,
        "attachments": list(appeal.attachments.order_by("uploaded_at", "pk")) if appeal else [],
        "filed_at": appeal and format_beijing_time(appeal.filed_at),
        "reviewed_at": appeal and appeal.reviewed_at and format_beijing_time(appeal.reviewed_at),
        "may_file": not problems,
        "problem": problems[0] if problems else "",
        "form": form or AppealForm(),
    }


def _entry_and_round(request, uuid, round_id):
    from contests.models import Round

    entry = visible_entry(request, uuid)
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=round_id, contest_id=entry.contest_id)
    return entry, round_


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def entry_appeal(request, uuid, round_id):
    entry, round_ = _entry_and_round(request, uuid, round_id)
    if request.method == "POST":
        if not is_entry_team_member(request.user, entry):
            raise Http404
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > service.MAX_FILES * service.MAX_FILE_BYTES + FORM_OVERHEAD_BYTES:
            # Refused without reading the body at all.
            messages.error(request, _("上传的材料过大（每个文件不超过 10 MB，最多 3 个），未保存。"))
            return redirect("contests:entry_appeal", uuid=entry.uuid, round_id=round_.pk)
    return _entry_appeal(request, entry, round_)


@csrf_protect
def _entry_appeal(request, entry, round_):
    if request.method != "POST":
        return render(request, "contests/portal/appeal_detail.html", _context(request, entry, round_))
    form = AppealForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            service.file_appeal(
                entry,
                user=request.user,
                reasons=form.cleaned_data["reasons"],
                files=form.cleaned_data["files"],
                round_=round_,
            )
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("申诉已提交，组委会将在公示期内复核，复核结论会通过邮件通知全体成员。"))
            return redirect("contests:entry_appeal", uuid=entry.uuid, round_id=round_.pk)
    return render(request, "contests/portal/appeal_detail.html", _context(request, entry, round_, form), status=400)


@login_required
@require_GET
def appeal_attachment(request, appeal_id, file_id):
    """Only the team (any member) and organisers: everything else is a 404."""
    from contests.models import AppealAttachment

    appeal = get_object_or_404(service.appeals_visible_to(request.user), pk=appeal_id)
    attachment = get_object_or_404(AppealAttachment, appeal=appeal, pk=file_id)
    return file_response(attachment)
