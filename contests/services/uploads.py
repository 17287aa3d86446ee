"""What an entry's files may be, decided by their content, never by their name.

Allowed types, by kind (``contests.choices.FileKind``):

==========  =====================================  ===========  ==================
kind        formats (recognised by content)         max size     max files
==========  =====================================  ===========  ==================
proposal    PDF                                     20 MiB       1 (a new one replaces it)
image       JPEG, PNG, WebP (≤ 40 million pixels)  10 MiB       10
attachment  PDF, XLSX, DOCX, ZIP                    50 MiB       10
==========  =====================================  ===========  ==================

How a file is recognised (the structural checks are in ``contests.services.upload_checks``):

* magic bytes through ``filetype``; SVG and other markup (which can carry scripts) is refused by name;
* PDF: ``pypdf`` must open it and find at least one page; encrypted PDFs are refused (judges could
  not open them);
* ZIP-based files are opened with ``zipfile``: a DOCX has ``[Content_Types].xml`` declaring the
  WordprocessingML main part and ``word/document.xml``; an XLSX declares the SpreadsheetML main
  part and has ``xl/workbook.xml``; macro-enabled variants (``vbaProject.bin``) are refused; any
  other archive is a plain ZIP. Every archive is refused if it is encrypted, holds absolute or
  ``..`` paths or programs (.exe, .js, …), has more than 5,000 members or expands beyond 1 GiB
  (zip bomb);
* images are fully decoded by Pillow under a pixel limit (decompression bombs are refused) and
  re-encoded in the same format without EXIF or any other metadata (orientation is applied first);
  the stored bytes, size and SHA-256 are those of the re-encoded image.

The name must agree with the content: its extension must be one of the recognised format's
(``report.docx`` that is really a plain ZIP is refused). Names are cleaned for display (see
``clean_filename``); the stored name is random (``contests.models.entries.entry_file_path``).
Sizes are enforced while the request streams in (``cms.upload_handlers``), and again here
for files that arrive another way (demo data, commands).
"""

import hashlib
import io
import unicodedata
from dataclasses import dataclass

import filetype
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _

from contests.choices import FileKind
from contests.services.upload_checks import (
    PILLOW_FORMATS,
    MiB,
    UploadRejected,
    check_judge_copy,
    check_pdf,
    classify_zip,
    extension_of,
    reencode_image,
    refused_type,
)

__all__ = ["MAX_BYTES", "MAX_FILES", "CheckedUpload", "UploadRejected", "check_upload", "clean_filename"]
MAX_BYTES = {FileKind.PROPOSAL: 20 * MiB, FileKind.IMAGE: 10 * MiB, FileKind.ATTACHMENT: 50 * MiB}
MAX_FILES = {FileKind.PROPOSAL: 1, FileKind.IMAGE: 10, FileKind.ATTACHMENT: 10}
MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class Format:
    key: str
    content_type: str
    extensions: tuple
    label: str


FORMATS = {
    f.key: f
    for f in (
        Format("pdf", "application/pdf", ("pdf",), "PDF"),
        Format("jpeg", "image/jpeg", ("jpg", "jpeg"), "JPEG"),
        Format("png", "image/png", ("png",), "PNG"),
        Format("webp", "image/webp", ("webp",), "WebP"),
        Format(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
            "Word（DOCX）",
        ),
        Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "Excel（XLSX）"),
        Format("zip", "application/zip", ("zip",), "ZIP"),
    )
}
ALLOWED_FORMATS = {
    FileKind.PROPOSAL: ("pdf",),
    FileKind.IMAGE: ("jpeg", "png", "webp"),
    FileKind.ATTACHMENT: ("pdf", "xlsx", "docx", "zip"),
}

# Names of what filetype may find, for the refusal message.
DETECTED_LABELS = {
    "application/x-msdownload": "Windows 可执行程序",
    "application/x-executable": "可执行程序",
    "application/x-elf": "可执行程序",
    "application/x-mach-binary": "可执行程序",
    "image/gif": "GIF 图片",
    "image/bmp": "BMP 图片",
    "image/tiff": "TIFF 图片",
    "image/heic": "HEIC 图片",
    "application/x-rar-compressed": "RAR 压缩包",
    "application/x-7z-compressed": "7z 压缩包",
    "application/gzip": "gzip 压缩包",
    "application/msword": "旧版 Word 文档（DOC）",
    "application/vnd.ms-excel": "旧版 Excel 表格（XLS）",
}


@dataclass
class CheckedUpload:
    """A file that passed every check, ready to be stored as it is."""

    kind: str
    format: Format
    name: str
    content: File
    size: int
    sha256: str


def allowed_extensions(kind):
    return [ext for key in ALLOWED_FORMATS[kind] for ext in FORMATS[key].extensions]


def describe_allowed(kind):
    """ "PDF、Excel（XLSX）、Word（DOCX）、ZIP，单个文件不超过 50 MB" — for help texts."""
    labels = "、".join(FORMATS[key].label for key in ALLOWED_FORMATS[kind])
    return _("%(formats)s，单个文件不超过 %(size)d MB") % {"formats": labels, "size": MAX_BYTES[kind] // MiB}


def too_large_message(kind):
    return _("文件超过大小上限（%(size)d MB），未保存。") % {"size": MAX_BYTES[kind] // MiB}


# Characters Windows refuses in names; replaced so that the name survives a download anywhere.
_WINDOWS_RESERVED_CHARS = set('<>:"|?*')
_WINDOWS_RESERVED_NAMES = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)}


def clean_filename(name):
    """The display name of an upload, or ``UploadRejected``.

    Refused: empty names, path separators or ``..`` (a name never legitimately has them) and
    control or invisible formatting characters (e.g. U+202E, which disguises "gpj.exe" as
    "exe.jpg"). Cleaned: NFC normalisation, Windows-reserved characters → "_", surrounding
    spaces and dots, reserved device names, and the length (≤ 100 characters, extension kept).
    Chinese and other letters are kept.
    """
    name = unicodedata.normalize("NFC", name or "")
    if "/" in name or "\\" in name or name.strip() in {".", ".."}:
        raise UploadRejected(_("文件名不能包含路径（/、\\ 或 ..），未保存。"), code="path")
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise UploadRejected(_("文件名包含控制字符或不可见字符，未保存。"), code="control")
    name = "".join("_" if char in _WINDOWS_RESERVED_CHARS else char for char in name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem.strip(" .")
    if not stem:
        raise UploadRejected(_("文件名不能为空，未保存。"), code="empty_name")
    if stem.lower() in _WINDOWS_RESERVED_NAMES:
        stem = f"_{stem}"
    ext = ext[:10]
    stem = stem[: MAX_NAME_LENGTH - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def check_upload(kind, upload):
    """Check an uploaded file (any Django ``File``) for ``kind``; return a ``CheckedUpload``.

    Raises ``UploadRejected`` with a message naming what is wrong. Reads the file, never writes.
    """
    if kind not in ALLOWED_FORMATS:
        raise UploadRejected(_("未知的文件类别。"), code="kind")
    name = clean_filename(upload.name)
    size = upload.size
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size == 0:
        raise UploadRejected(_("“%(name)s”是空文件，未保存。") % {"name": name}, code="empty")
    if size > MAX_BYTES[kind]:
        raise UploadRejected(too_large_message(kind), code="too_large")

    fmt = FORMATS.get(detect_format(upload, name))
    if fmt is None or fmt.key not in ALLOWED_FORMATS[kind]:
        raise _wrong_type(kind, name, fmt)
    if extension_of(name) not in fmt.extensions:
        raise UploadRejected(
            _("“%(name)s”的扩展名与内容不符：内容是 %(format)s 文件，扩展名应为 .%(ext)s。未保存。")
            % {"name": name, "format": fmt.label, "ext": fmt.extensions[0]},
            code="extension",
        )

    if fmt.key in PILLOW_FORMATS:
        data = reencode_image(upload, fmt.key, name)
        return CheckedUpload(kind, fmt, name, ContentFile(data), len(data), hashlib.sha256(data).hexdigest())

    if fmt.key == "pdf":
        check_pdf(upload, name)
    check_judge_copy(upload, name, fmt.content_type)
    sha256 = getattr(upload, "sha256", None) or _sha256_of(upload)
    upload.seek(0)
    return CheckedUpload(kind, fmt, name, upload, size, sha256)


def _wrong_type(kind, name, fmt):
    found = _("无法识别的类型") if fmt is None else fmt.label
    return UploadRejected(
        _("“%(name)s”的内容是%(found)s，不是允许的类型（%(allowed)s）。未保存。")
        % {"name": name, "found": found, "allowed": "、".join(FORMATS[k].label for k in ALLOWED_FORMATS[kind])},
        code="type",
    )


def detect_format(upload, name):
    """The ``FORMATS`` key the content is, or None. Raises for refused-by-principle content."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"<") or b"<svg" in stripped[:1024]:
        # SVG, HTML and XML can carry scripts and are never allowed, whatever they are called.
        raise UploadRejected(
            _("“%(name)s”是 SVG/HTML 等标记文件，可能包含脚本，不允许上传。请转换为 PNG 或 JPEG。") % {"name": name},
            code="markup",
        )
    guess = filetype.guess(head)
    mime = guess.mime if guess else None
    for key in ("pdf", "jpeg", "png", "webp"):
        if mime == FORMATS[key].content_type:
            return key
    if head.startswith(b"PK\x03\x04") or mime == "application/zip":
        return classify_zip(upload, name)
    if mime:
        raise refused_type(name, DETECTED_LABELS.get(mime, mime))
    return None


def _sha256_of(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
