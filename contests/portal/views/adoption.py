"""The team's adoption pages (落地) under /portal/entries/<uuid>/adoption/: the entry's milestones
with their status and the reviewers' reasons, logging and editing them, evidence uploads and
downloads.

Only the entry's team (leader and members; advisers read) sees these pages, and only for an entry
that may log milestones (a final winner or a promoted entry): anyone else gets a 404, never a hint
that the entry exists. Evidence downloads (``adoption_evidence``) also serve the milestone's
reviewers and organisers. Uploads check the declared size before the body is read, as entry files do.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.upload_handlers import LimitedHashingUploadHandler
from contests.portal.forms.adoption import EvidenceForm, MilestoneForm
from contests.portal.views.entries import visible_entry
from contests.rules import is_entry_team_member, is_entry_team_player
from contests.services import ContestError
from contests.services.adoption import milestones as service
from contests.services.adoption.review import can_view_milestone
from contests.services.files import file_response
from contests.services.upload_checks import MiB

FORM_OVERHEAD_BYTES = 64 * 1024


def _too_large():
    return _("文件超过大小上限（%(size)d MB），未保存。") % {"size": service.EVIDENCE_MAX_BYTES // MiB}


def adoption_entry(request, uuid):
    """The entry if the user is in its team and it may log milestones; else 404."""
    entry = visible_entry(request, uuid)
    if not is_entry_team_member(request.user, entry) or not service.is_adoption_entry(entry):
        raise Http404
    return entry


def _milestone(entry, pk):
    return get_object_or_404(service.entry_milestones(entry), pk=pk)


def _back(entry):
    return redirect("contests:entry_adoption", uuid=entry.uuid)


@login_required
@require_GET
def adoption_list(request, uuid):
    entry = adoption_entry(request, uuid)
    milestones = list(service.entry_milestones(entry))
    return render(
        request,
        "contests/portal/adoption.html",
        {
            "entry": entry,
            "team": entry.team,
            "milestones": milestones,
            "may_write": is_entry_team_player(request.user, entry),
            "editable": service.EDITABLE,
            "evidence_form": EvidenceForm(),
            "max_files": service.EVIDENCE_MAX_FILES,
        },
    )


def _writer_entry(request, uuid):
    entry = adoption_entry(request, uuid)
    if not is_entry_team_player(request.user, entry):
        raise Http404
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request, uuid):
    entry = _writer_entry(request, uuid)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.create_milestone(entry, user=request.user, data=form.service_data())
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已登记落地里程碑，等待落地城市或单位确认。"))
            return _back(entry)
    status = 400 if request.method == "POST" else 200
    return render(request, "contests/portal/adoption_form.html", {"entry": entry, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, uuid, pk):
    entry = _writer_entry(request, uuid)
    milestone = _milestone(entry, pk)
    if milestone.status not in service.EDITABLE:
        messages.error(request, _("已确认或不予确认的里程碑不能再修改。"))
        return _back(entry)
    if request.method == "POST":
        form = MilestoneForm(request.POST, instance=_milestone(entry, pk))
        if form.is_valid():
            try:
                service.update_milestone(
                    milestone,
                    user=request.user,
                    data=form.service_data(),
                    version=form.cleaned_data.get("version") or 0,
                )
            except ContestError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已保存修改，等待落地城市或单位确认。"))
                return _back(entry)
        context = {"entry": entry, "form": form, "milestone": milestone}
        return render(request, "contests/portal/adoption_form.html", context, status=400)
    form = MilestoneForm(instance=milestone, initial={"version": milestone.version})
    return render(request, "contests/portal/adoption_form.html", {"entry": entry, "form": form, "milestone": milestone})


@csrf_exempt
@login_required
@require_POST
def evidence_upload(request, uuid, pk):
    entry = _writer_entry(request, uuid)
    milestone = _milestone(entry, pk)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > service.EVIDENCE_MAX_BYTES + FORM_OVERHEAD_BYTES:
        messages.error(request, _too_large())  # refused without reading the body
        return _back(entry)
    handler = LimitedHashingUploadHandler(request, max_bytes=service.EVIDENCE_MAX_BYTES, too_large_message=_too_large())
    request.upload_handlers = [handler]
    return _evidence_upload(request, entry, milestone, handler)


@csrf_protect
def _evidence_upload(request, entry, milestone, handler):
    upload = request.FILES.get("file")
    try:
        if handler.error:
            messages.error(request, handler.error)
        elif upload is None:
            messages.error(request, _("请选择要上传的文件。"))
        else:
            evidence = service.add_evidence(milestone, upload, user=request.user)
            messages.success(
                request,
                _("已上传“%(name)s”（%(size)s，SHA-256：%(sha)s…）。")
                % {"name": evidence.original_name, "size": filesizeformat(evidence.size), "sha": evidence.sha256[:16]},
            )
    except ContestError as error:
        messages.error(request, error.message)
    finally:
        if upload is not None:
            upload.close()
    return _back(entry)


@login_required
@require_GET
def evidence_download(request, file_id):
    """The team, the milestone's reviewers and organisers; anyone else gets a 404."""
    from contests.models import MilestoneEvidence

    evidence = (
        MilestoneEvidence.objects.select_related("milestone__entry__team", "milestone__entry__challenge")
        .filter(pk=file_id)
        .first()
    )
    if evidence is None or not can_view_milestone(request.user, evidence.milestone):
        raise Http404
    return file_response(evidence)
