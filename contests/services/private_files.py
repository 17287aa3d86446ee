"""The checks every private upload of a team goes through (appeal attachments, due-diligence
documents, real-name proofs): a clean display name, not empty, under the size limit, a format
recognised by content and allowed for that kind of file, images re-encoded (which drops EXIF:
location, camera), PDFs and other documents checked for what they carry. Returns what the caller
stores: ``(name with the format's extension, format, content, size, sha256)``.
"""

import hashlib

from django.utils.translation import gettext as _

from contests.services.upload_checks import (
    PILLOW_FORMATS,
    MiB,
    UploadRejected,
    check_judge_copy,
    check_pdf,
    extension_of,
    reencode_image,
)
from contests.services.uploads import FORMATS, clean_filename, detect_format


def check_private_upload(upload, *, allowed_formats, max_bytes, wrong_type_message):
    """Check one file or raise ``UploadRejected``. ``wrong_type_message`` (translated) names what the
    kind of file may be, with ``%(name)s`` and ``%(found)s`` placeholders."""
    name = clean_filename(upload.name)
    size = upload.size
    if not size:
        raise UploadRejected(_("“%(name)s”是空文件，未保存。") % {"name": name}, code="empty")
    if size > max_bytes:
        raise UploadRejected(
            _("“%(name)s”超过大小上限（%(size)d MB），未保存。") % {"name": name, "size": max_bytes // MiB},
            code="too_large",
        )
    fmt = FORMATS.get(detect_format(upload, name))
    if fmt is None or fmt.key not in allowed_formats:
        found = _("无法识别的类型") if fmt is None else fmt.label
        raise UploadRejected(wrong_type_message % {"name": name, "found": found}, code="type")
    if fmt.key in PILLOW_FORMATS:
        data = reencode_image(upload, fmt.key, name)
    else:
        if fmt.key == "pdf":
            check_pdf(upload, name)
        else:
            check_judge_copy(upload, name, fmt.content_type)
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
    # The stored name gets the format's extension, whatever the upload was called.
    stem = name.rsplit(".", 1)[0] if extension_of(name) else name
    return f"{stem}.{fmt.extensions[0]}", fmt, data, len(data), hashlib.sha256(data).hexdigest()
