"""Submitting and withdrawing an entry, and its receipts (page and PDF), under /portal/entries/.

Neither step can be taken on one click: 提交作品 first shows a review page (title, track, members,
every file with its size and SHA-256, the video link) and 撤回提交 a page that says what withdrawing
means; the POST that acts must carry ``confirm``, and one without it changes nothing and shows the
page again with the reason. Receipts are visible to whoever may see the entry (404 otherwise).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cms.http import attachment
from contests.choices import EntryStatus, TeamRole
from contests.portal.forms.entries import WithdrawForm
from contests.portal.views.entries import editable_entry, visible_entry
from contests.services import ContestError
from contests.services.entries import require_team_can_write
from contests.services.entry_forms import answers_snapshot
from contests.services.receipts import receipt_filename, receipt_pdf
from contests.services.self_identification import entry_findings
from contests.services.submission import (
    format_beijing_time,
    missing_requirements,
    receipt_files,
    submit_entry,
    withdraw_entry,
)

ROLE_ORDER = {TeamRole.LEADER: 0, TeamRole.MEMBER: 1, TeamRole.ADVISER: 2}


def _version_from(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _download_url(entry, file_id):
    return reverse("contests:entry_file_download", kwargs={"uuid": entry.uuid, "file_id": file_id})


def _members(team):
    memberships = team.memberships.select_related("user")
    return sorted(memberships, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.joined_at, m.pk))


def _review(request, entry, *, error=""):
    files = [
        {
            "name": f.original_name,
            "kind_label": f.get_kind_display(),
            "size": f.size,
            "sha256": f.sha256,
            "download_url": _download_url(entry, f.pk),
        }
        for f in entry.files.filter(removed_at__isnull=True).order_by("kind", "uploaded_at", "pk")
    ]
    return render(
        request,
        "contests/portal/entry_submit.html",
        {
            "entry": entry,
            "team": entry.team,
            "contest": entry.contest,
            "members": _members(entry.team),
            "files": files,
            "data_resources": entry.data_resources.order_by("name", "pk"),
            # The configured questions' answers, as the revision will freeze them.
            "answers": answers_snapshot(entry),
            "missing": missing_requirements(entry),
            "findings": entry_findings(entry),
            "deadline": format_beijing_time(entry.contest.submission_deadline),
            "error": error,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_submit(request, uuid):
    entry = editable_entry(request, uuid)
    if not entry.contest.submission_is_open():
        deadline = format_beijing_time(entry.contest.submission_deadline)
        messages.error(request, _("提交失败：作品提交已于 %(deadline)s 截止。") % {"deadline": deadline})
        return redirect("contests:entry_detail", uuid=entry.uuid)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        # A repeated confirmation (a second tab) is answered by the service with the same receipt.
        try:
            revision, created = submit_entry(entry, request.user, expected_version=_version_from(request))
        except ContestError as error:
            messages.error(request, error.message)
            return redirect("contests:entry_detail", uuid=entry.uuid)
    else:
        try:
            require_team_can_write(entry)
        except ContestError as error:
            messages.error(request, error.message)
            return redirect("contests:entry_detail", uuid=entry.uuid)
        error = _("请核对以上内容后点击“确认提交”。") if request.method == "POST" else ""
        return _review(request, entry, error=error)
    if created:
        messages.success(request, _("提交成功！回执已发送到全体团队成员的邮箱。"))
    else:
        messages.info(request, _("这一版本已经提交过，以下是它的回执。"))
    return redirect("contests:entry_receipt", uuid=entry.uuid, code=revision.receipt_code)


@login_required
@require_http_methods(["GET", "POST"])
def entry_withdraw(request, uuid):
    entry = editable_entry(request, uuid)
    if entry.status != EntryStatus.SUBMITTED or not entry.contest.submission_is_open():
        messages.error(request, _("只有已提交、尚未审查的作品可以在截止前撤回。"))
        return redirect("contests:entry_detail", uuid=entry.uuid)
    # Bound even to an empty POST: a withdrawal without the box ticked must show its error.
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_entry(entry, request.user)
        except ContestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已撤回提交，作品回到草稿状态。修改后请在截止前再次提交。"))
        return redirect("contests:entry_detail", uuid=entry.uuid)
    return render(
        request,
        "contests/portal/entry_withdraw.html",
        {
            "entry": entry,
            "form": form,
            "deadline": format_beijing_time(entry.contest.submission_deadline),
        },
    )


def _revision(request, uuid, code):
    entry = visible_entry(request, uuid)
    return entry, get_object_or_404(entry.revisions.select_related("submitted_by"), receipt_code=code)


@login_required
@require_GET
def entry_receipt(request, uuid, code):
    entry, revision = _revision(request, uuid, code)
    files = [{**f, "download_url": _download_url(entry, f["id"])} for f in receipt_files(revision)]
    return render(
        request,
        "contests/portal/entry_receipt.html",
        {
            "entry": entry,
            "revision": revision,
            "snapshot": revision.snapshot,
            "files": files,
            "submitted_at": format_beijing_time(revision.submitted_at),
            "is_latest": entry.status != EntryStatus.DRAFT and entry.version == revision.entry_version,
        },
    )


@login_required
@require_GET
def entry_receipt_pdf(request, uuid, code):
    """The same receipt as a PDF, under the same checks as the page."""
    _entry, revision = _revision(request, uuid, code)
    response = HttpResponse(receipt_pdf(revision), content_type="application/pdf")
    response["Content-Disposition"] = attachment(receipt_filename(revision))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
