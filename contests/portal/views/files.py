"""Uploading, removing and downloading an entry's files.

Uploads follow Django's recipe for changing upload handlers on the fly: the outer view is
``csrf_exempt`` (the CSRF middleware would otherwise read the body with the default handlers),
installs ``LimitedHashingUploadHandler`` for the kind's size limit, and hands over to an inner
``csrf_protect`` view, which checks the token as the body is parsed. Permission, deadline and the
declared Content-Length are checked before a single byte of the body is read.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from cms.upload_handlers import LimitedHashingUploadHandler
from contests.choices import FileKind
from contests.portal.views.entries import editable_entry
from contests.rules import can_download_file
from contests.services import ContestError
from contests.services.entries import require_team_can_write
from contests.services.files import file_response, remove_entry_file, store_entry_file
from contests.services.uploads import MAX_BYTES, too_large_message

# Room for the multipart boundaries, headers and the CSRF token around the file itself.
FORM_OVERHEAD_BYTES = 64 * 1024


def _back(entry):
    return redirect("contests:entry_detail", uuid=entry.uuid)


@csrf_exempt
@login_required
@require_POST
def file_upload(request, uuid, kind):
    if kind not in FileKind.values:
        raise Http404
    entry = editable_entry(request, uuid)
    try:
        require_team_can_write(entry)
    except ContestError as error:
        messages.error(request, error.message)
        return _back(entry)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BYTES[kind] + FORM_OVERHEAD_BYTES:
        # Refused without reading the body at all.
        messages.error(request, too_large_message(kind))
        return _back(entry)
    handler = LimitedHashingUploadHandler(request, max_bytes=MAX_BYTES[kind], too_large_message=too_large_message(kind))
    request.upload_handlers = [handler]
    return _file_upload(request, entry, kind, handler)


@csrf_exempt
@login_required
@require_POST
def field_file_upload(request, uuid, key):
    """The file answering one configured question (an attachment; a new upload replaces it). Asked
    at submission: while the draft may be written; finalist materials: until their round opens."""
    from contests.services.entry_forms import FieldKind, fields_for
    from contests.services.files import require_can_upload

    entry = editable_entry(request, uuid)
    field = next((f for f in fields_for(entry) if f.key == key and f.kind == FieldKind.FILE), None)
    if field is None:
        raise Http404
    kind = FileKind.ATTACHMENT
    try:
        require_can_upload(entry, field, None)
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ContestError as error:
        messages.error(request, error.message)
        return _back(entry)
    except ValueError:
        declared = 0
    if declared > MAX_BYTES[kind] + FORM_OVERHEAD_BYTES:
        messages.error(request, too_large_message(kind))
        return _back(entry)
    handler = LimitedHashingUploadHandler(request, max_bytes=MAX_BYTES[kind], too_large_message=too_large_message(kind))
    request.upload_handlers = [handler]
    return _file_upload(request, entry, kind, handler, field=field)


@csrf_protect
def _file_upload(request, entry, kind, handler, field=None):
    upload = request.FILES.get("file")
    try:
        if handler.error:
            messages.error(request, handler.error)
        elif upload is None:
            messages.error(request, _("请选择要上传的文件。"))
        else:
            entry_file = store_entry_file(entry, kind, upload, request.user, field=field)
            messages.success(
                request,
                _("已上传“%(name)s”（%(size)s，SHA-256：%(sha)s…）。")
                % {
                    "name": entry_file.original_name,
                    "size": filesizeformat(entry_file.size),
                    "sha": entry_file.sha256[:16],
                },
            )
    except ContestError as error:
        messages.error(request, error.message)
    finally:
        if upload is not None:
            upload.close()  # deletes the temporary file
    return _back(entry)


@login_required
@require_POST
def file_remove(request, uuid, file_id):
    entry = editable_entry(request, uuid)
    entry_file = entry.files.filter(pk=file_id, removed_at__isnull=True).first()
    if entry_file is None:
        raise Http404
    try:
        remove_entry_file(entry_file, request.user)
    except ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已删除“%(name)s”。") % {"name": entry_file.original_name})
    return _back(entry)


@login_required
@require_GET
def file_download(request, uuid, file_id):
    from contests.models import EntryFile

    entry_file = EntryFile.objects.select_related("entry__team").filter(entry__uuid=uuid, pk=file_id).first()
    if entry_file is None or not can_download_file(request.user, entry_file):
        raise Http404
    return file_response(entry_file)
