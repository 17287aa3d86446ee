"""What an entry's files may be, decided by their content, never by their name.

Allowed types, by kind (``contests.choices.FileKind``):

==========  =====================================  ===========  ==================
kind        formats (recognised by content)         max size     max files
==========  =====================================  ===========  ==================
proposal    PDF                                     20 MiB       1 (a new one replaces it)
image       JPEG, PNG, WebP (≤ 40 million pixels)  10 MiB       10
attachment  PDF, XLSX, DOCX, ZIP                    50 MiB       10
==========  =====================================  ===========  ==================

How a file is recognised:

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
Sizes are enforced while the request streams in (``contests.upload_handlers``), and again here
for files that arrive another way (demo data, commands).
"""

import hashlib
import io
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import filetype
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from contests.choices import FileKind
from contests.services import ContestError

MiB = 1024 * 1024
MAX_BYTES = {FileKind.PROPOSAL: 20 * MiB, FileKind.IMAGE: 10 * MiB, FileKind.ATTACHMENT: 50 * MiB}
MAX_FILES = {FileKind.PROPOSAL: 1, FileKind.IMAGE: 10, FileKind.ATTACHMENT: 10}
MAX_IMAGE_PIXELS = 40_000_000
MAX_NAME_LENGTH = 100

MAX_ARCHIVE_MEMBERS = 5000
MAX_ARCHIVE_EXPANDED_BYTES = 1024 * MiB
# Programs and scripts that a judge could run by double-clicking inside an archive.
EXECUTABLE_SUFFIXES = frozenset(
    {"apk", "app", "bat", "cmd", "com", "cpl", "dll", "exe", "hta", "jar", "js", "jse", "lnk", "msi"}
    | {"msp", "ps1", "scr", "sh", "vb", "vbe", "vbs", "wsf", "wsh"}
)


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
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}

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


class UploadRejected(ContestError):
    """The file was refused; nothing has been stored."""


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


def extension_of(name):
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


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
        data = reencode_image(upload, fmt, name)
        return CheckedUpload(kind, fmt, name, ContentFile(data), len(data), hashlib.sha256(data).hexdigest())

    if fmt.key == "pdf":
        check_pdf(upload, name)
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
        raise _wrong_type_any(name, DETECTED_LABELS.get(mime, mime))
    return None


def _wrong_type_any(name, found):
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
            upload.seek(0)
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
    if b"wordprocessingml.document.main+xml" in content_types and "word/document.xml" in names:
        return "docx"
    if b"spreadsheetml.sheet.main+xml" in content_types and "xl/workbook.xml" in names:
        return "xlsx"
    # Another Office Open XML file (a presentation, a template …): it is not one we accept.
    raise _wrong_type_any(name, _("其他 Office 文档"))


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


def reencode_image(upload, fmt, name):
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
            with Image.open(upload, formats=[PILLOW_FORMATS[fmt.key]]) as image:
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
    if fmt.key == "jpeg":
        keep = clean if clean.mode in {"L", "RGB"} else clean.convert("RGB")
        keep.save(out, format="JPEG", quality=90)
    elif fmt.key == "png":
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


def _sha256_of(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
