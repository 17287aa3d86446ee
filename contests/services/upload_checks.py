"""The structural checks behind ``contests.services.uploads``: is this PDF, Office file, archive or
image really what it claims, and safe to hand to a judge? Each raises ``UploadRejected``.
"""

import io
import tempfile
import warnings
import zipfile

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from cms.documents.archives import validate_zip
from cms.documents.clean import clean
from cms.documents.limits import DocumentRejected
from cms.documents.pdf import check_pdf as check_pdf_structure
from contests.services import ContestError

MiB = 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_ARCHIVE_MEMBERS = 5000
MAX_ARCHIVE_EXPANDED_BYTES = 1024 * MiB
# Programs and scripts that a judge could run by double-clicking inside an archive.
EXECUTABLE_SUFFIXES = frozenset(
    {"apk", "app", "bat", "cmd", "com", "cpl", "dll", "exe", "hta", "jar", "js", "jse", "lnk", "msi"}
    | {"msp", "ps1", "scr", "sh", "vb", "vbe", "vbs", "wsf", "wsh"}
)


PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


class UploadRejected(ContestError):
    """The file was refused; nothing has been stored."""


def extension_of(name):
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def refused_type(name, found):
    return UploadRejected(
        _("“%(name)s”的内容是%(found)s，不允许上传。未保存。") % {"name": name, "found": found}, code="type"
    )


def classify_zip(upload, name):
    """ "docx", "xlsx" or "zip" after checking the archive is safe to hand to a judge."""
    corrupt = UploadRejected(_("“%(name)s”不是完整有效的压缩文件，未保存。") % {"name": name}, code="corrupt")
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise corrupt from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ARCHIVE_MEMBERS or sum(m.file_size for m in members) > MAX_ARCHIVE_EXPANDED_BYTES:
            raise UploadRejected(_("“%(name)s”解压后过大或文件过多，未保存。") % {"name": name}, code="zip_bomb")
        for member in members:
            path = member.filename.replace("\\", "/")
            if path.startswith("/") or ".." in path.split("/") or (len(path) > 1 and path[1] == ":"):
                raise UploadRejected(_("“%(name)s”中含有不安全的路径，未保存。") % {"name": name}, code="zip_path")
            if member.flag_bits & 0x1:
                raise UploadRejected(_("“%(name)s”已加密，无法审查，未保存。") % {"name": name}, code="encrypted")
            if extension_of(path.rsplit("/", 1)[-1]) in EXECUTABLE_SUFFIXES:
                raise UploadRejected(
                    _("“%(name)s”中含有可执行程序或脚本（%(member)s），未保存。") % {"name": name, "member": path},
                    code="zip_executable",
                )
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names:
            _validate_by_streaming(upload, name)
            return "zip"
        try:
            content_types = archive.read("[Content_Types].xml")[: 1 * MiB]
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise corrupt from exc
    upload.seek(0)
    has_vba = any(n.lower().endswith("vbaproject.bin") for n in names)
    if has_vba or b"vbaProject" in content_types or b"macroEnabled" in content_types:
        raise UploadRejected(
            _("“%(name)s”是启用宏的文档，不允许上传。请另存为不含宏的文件。") % {"name": name}, code="macro"
        )
    _validate_by_streaming(upload, name)
    if b"wordprocessingml.document.main+xml" in content_types and "word/document.xml" in names:
        return "docx"
    if b"spreadsheetml.sheet.main+xml" in content_types and "xl/workbook.xml" in names:
        return "xlsx"
    # Another Office Open XML file (a presentation, a template …): it is not one we accept.
    raise refused_type(name, _("其他 Office 文档"))


# What the streaming check refuses, as the codes and messages teams already know.
STREAMING_REFUSALS = {"bomb": "zip_bomb", "too_many": "zip_bomb", "too_large": "zip_bomb", "too_deep": "zip_bomb"}


def _validate_by_streaming(upload, name):
    """Read every member (and every archive inside) through, counting real bytes: a header that
    under-declares its size, a nested bomb, a locked PDF or a program inside an inner ZIP is refused
    here, at upload, not when a judge opens the file."""
    upload.seek(0)
    try:
        members = validate_zip(upload)
    except DocumentRejected as refused:
        code = STREAMING_REFUSALS.get(refused.code, refused.code)
        message = _("“%(name)s”无法通过安全检查：%(reason)s未保存。") % {"name": name, "reason": refused}
        raise UploadRejected(message, code=code) from refused
    finally:
        upload.seek(0)
    for member in members:
        if extension_of(member.path.rsplit("/", 1)[-1]) in EXECUTABLE_SUFFIXES:
            raise UploadRejected(
                _("“%(name)s”中含有可执行程序或脚本（%(member)s），未保存。") % {"name": name, "member": member.path},
                code="zip_executable",
            )


def check_judge_copy(upload, name, content_type):
    """Every accepted file can be turned into a judge's blind copy: make one now, by streaming,
    and throw it away. What the cleaner would refuse (a broken part, a bomb, a macro) is refused here,
    while the team can still fix it, never when a judge opens the file."""
    upload.seek(0)
    try:
        with tempfile.TemporaryFile() as trial:  # on disk: a copy is as large as the file, never in memory
            clean(upload, trial, content_type)
    except DocumentRejected as refused:
        message = _("“%(name)s”无法通过安全检查：%(reason)s未保存。") % {"name": name, "reason": refused}
        raise UploadRejected(message, code=STREAMING_REFUSALS.get(refused.code, refused.code)) from refused
    finally:
        upload.seek(0)


def check_pdf(upload, name):
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise UploadRejected(_("“%(name)s”已加密，评审专家无法打开，未保存。") % {"name": name}, code="encrypted")
        pages = len(reader.pages)
    except UploadRejected:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise UploadRejected(
            _("“%(name)s”不是有效的 PDF 文件或已损坏，未保存。") % {"name": name}, code="corrupt"
        ) from exc
    finally:
        upload.seek(0)
    if pages < 1:
        raise UploadRejected(_("“%(name)s”没有任何页面，未保存。") % {"name": name}, code="corrupt")
    # The judge's copy is rewritten by qpdf: a PDF it cannot open, or whose compressed object
    # streams expand past the limits, is refused now rather than when a judge opens it.
    try:
        check_pdf_structure(upload)
    except DocumentRejected as refused:
        message = _("“%(name)s”无法通过安全检查：%(reason)s未保存。") % {"name": name, "reason": refused}
        raise UploadRejected(message, code=refused.code) from refused
    finally:
        upload.seek(0)


def reencode_image(upload, key, name):
    """Decode the whole image under the pixel limit and re-encode it without metadata."""
    bomb = UploadRejected(
        _("“%(name)s”的像素过多（上限 %(limit)s 万像素），可能是“解压炸弹”，未保存。")
        % {"name": name, "limit": MAX_IMAGE_PIXELS // 10_000},
        code="bomb",
    )
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that; here a warning is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload, formats=[PILLOW_FORMATS[key]]) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise bomb
                image.load()
                clean = _without_metadata(ImageOps.exif_transpose(image))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise bomb from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
            raise UploadRejected(
                _("“%(name)s”不是有效的图片或已损坏，未保存。") % {"name": name}, code="corrupt"
            ) from exc
    out = io.BytesIO()
    if key == "jpeg":
        keep = clean if clean.mode in {"L", "RGB"} else clean.convert("RGB")
        keep.save(out, format="JPEG", quality=90)
    elif key == "png":
        keep = clean if clean.mode in {"1", "L", "LA", "P", "RGB", "RGBA"} else clean.convert("RGBA")
        keep.save(out, format="PNG")
    else:
        keep = clean if clean.mode in {"RGB", "RGBA"} else clean.convert("RGBA")
        keep.save(out, format="WEBP", quality=90)
    upload.seek(0)
    return out.getvalue()


def _without_metadata(image):
    # A copy keeps the pixels (and the palette); an empty info drops EXIF, XMP, ICC and text chunks.
    clean = image.copy()
    transparency = image.info.get("transparency")
    clean.info = {} if transparency is None else {"transparency": transparency}
    return clean
