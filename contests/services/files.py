"""Storing, removing and serving an entry's files (private storage, permission-checked views).

Files are checked first (``contests.services.uploads``) and stored only if every check passes; the
row and the stored file are created together, and the file is deleted again if the row cannot be.
Removing a file from a draft only marks it removed: earlier revisions list it by hash.
"""

from django.db import transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.http import attachment
from contests import models
from contests.choices import FileKind
from contests.services.audit import record
from contests.services.entries import require_team_can_write
from contests.services.uploads import MAX_FILES, UploadRejected, check_upload


def active_files(entry):
    return entry.files.filter(removed_at__isnull=True)


def require_can_upload(entry, field, now=None):
    if field is not None and field.round_id:
        # Finalist materials: after submission, until the round opens.
        from contests.services.entry_materials import require_materials_open

        require_materials_open(entry, field.round, now)
    else:
        require_team_can_write(entry, now=now)


def store_entry_file(entry, kind, upload, user, *, now=None, field=None):
    """Check ``upload`` and attach it to the draft; return the ``EntryFile``.

    Raises ``UploadRejected`` or ``EntryLocked`` with nothing stored. A new proposal replaces the
    current one (which stays in earlier revisions). With ``field`` (an ``EntryFormField`` of kind
    file) the file answers that question: an attachment whose new upload replaces the previous one.
    """
    now = now or timezone.now()
    # Cheap refusals before the (possibly slow) content checks.
    require_can_upload(entry, field, now)
    checked = check_upload(kind, upload)
    stored_name = None
    try:
        with transaction.atomic():
            locked = models.Entry.objects.select_for_update(of=("self",)).select_related("contest").get(pk=entry.pk)
            require_can_upload(locked, field, now)
            current = active_files(locked).filter(kind=kind, field_key=field.key if field else "")
            if kind == FileKind.PROPOSAL or field is not None:
                current.update(removed_at=now)
            elif current.count() >= MAX_FILES[kind]:
                raise UploadRejected(
                    _("每件作品最多上传 %(max)d 个%(kind)s，请先删除不需要的文件。")
                    % {"max": MAX_FILES[kind], "kind": FileKind(kind).label},
                    code="too_many",
                )
            entry_file = models.EntryFile(
                entry=locked,
                kind=kind,
                original_name=checked.name,
                content_type=checked.format.content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=user,
                field_key=field.key if field else "",
            )
            entry_file.file.save("upload", checked.content, save=False)
            stored_name = entry_file.file.name
            entry_file.save()
            record(
                "entry.file_upload",
                locked,
                actor=user,
                after={
                    "file": entry_file.pk,
                    "kind": kind,
                    "name": checked.name,
                    "sha256": checked.sha256,
                    **({"field": field.key} if field else {}),
                },
            )
    except Exception:
        if stored_name:
            models.EntryFile._meta.get_field("file").storage.delete(stored_name)
        raise
    return entry_file


def remove_entry_file(entry_file, user, *, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            models.Entry.objects.select_for_update(of=("self",)).select_related("contest").get(pk=entry_file.entry_id)
        )
        require_team_can_write(locked, now=now)
        models.EntryFile.objects.filter(pk=entry_file.pk, removed_at__isnull=True).update(removed_at=now)
        record(
            "entry.file_remove", locked, actor=user, before={"file": entry_file.pk, "name": entry_file.original_name}
        )


# The one Content-Disposition builder, under the name contests' views import from here.


def file_response(entry_file):
    """Stream a stored file as a download: never rendered by the browser, never sniffed."""
    response = FileResponse(entry_file.file.open("rb"), content_type=entry_file.content_type)
    response["Content-Disposition"] = attachment(entry_file.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
