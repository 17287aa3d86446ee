"""Downloading a finished export: organisers only (the requester or an organiser of the contest);
everyone else — a team member, a judge, an anonymous visitor — gets a 404, not a hint."""

from urllib.parse import quote

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from contests.models import ExportJob, ExportStatus
from contests.services import audit
from contests.services.exports.access import can_download_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content_disposition(name, fallback):
    """``attachment`` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@require_GET
@never_cache
def download_export(request, pk):
    job = get_object_or_404(ExportJob.objects.select_related("contest"), pk=pk)
    if not can_download_export(request.user, job):
        raise Http404
    if job.status != ExportStatus.DONE or not job.file:
        # Queued, running, failed or expired: there is no complete file to offer.
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit.record(action="export.downloaded", obj=job, actor=request.user, contest=job.contest)
    response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(
        job.filename or "export.xlsx", f"shuyong-export-{job.pk}.xlsx"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
