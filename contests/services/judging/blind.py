"""Copies of entry files that carry no identity, for judges.

Judges never receive the stored file itself:

* **PDF** — rewritten with pypdf: the document information dictionary (author, creator, producer,
  title, subject, keywords, dates) and the XMP metadata stream are dropped, as are per-page XMP
  streams and /PieceInfo, annotation authors (/T) and embedded files;
* **images** — decoded and re-encoded by Pillow without EXIF, XMP, ICC text or comments (the
  upload service already does this; doing it again costs little and does not rely on it);
* **DOCX/XLSX** — the document properties parts (core: creator, last modified by; app: company,
  manager; custom) are replaced with empty ones, and comment/revision author names are blanked;
* **ZIP** — served unchanged: its members are the team's own files and cannot be cleaned
  generically (teams are told to keep their identity out of them; eligibility review checks).

The served name is built from the kind and the entry's blind code, never the uploaded name.
Cleaned copies are cached in private storage under the original's SHA-256.
"""

import io
import re
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from contests.choices import FileKind
from contests.services.judging.judges import blind_code

CACHE_PREFIX = "judging-copies"
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/zip": "zip",
}
KIND_LABELS = {FileKind.PROPOSAL: "方案书", FileKind.IMAGE: "图片", FileKind.ATTACHMENT: "附件"}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}

EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>'
)
EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"></Properties>'
)
EMPTY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"></Properties>'
)
OFFICE_REPLACEMENTS = {
    "docProps/core.xml": EMPTY_CORE,
    "docProps/app.xml": EMPTY_APP,
    "docProps/custom.xml": EMPTY_CUSTOM,
}
_AUTHOR_ATTRIBUTES = re.compile(rb'\b(w:author|w:initials|author|userId|providerId)="[^"]*"')
_AUTHOR_ELEMENTS = re.compile(rb"<author>[^<]*</author>")


def blind_name(entry, entry_file, position):
    """e.g. ``方案书-P7K2QXM.pdf``, ``图片-P7K2QXM-2.png``."""
    extension = EXTENSIONS.get(entry_file.content_type, "bin")
    suffix = "" if entry_file.kind == FileKind.PROPOSAL else f"-{position}"
    return f"{KIND_LABELS.get(entry_file.kind, '文件')}-{blind_code(entry)}{suffix}.{extension}"


def strip_pdf(data):
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None
    writer.xmp_metadata = None
    root = writer.root_object
    for key in ("/PieceInfo", "/Metadata"):
        if key in root:
            del root[NameObject(key)]
    names = root.get("/Names")
    if names is not None:
        names = names.get_object()
        if "/EmbeddedFiles" in names:
            del names[NameObject("/EmbeddedFiles")]
    for page in writer.pages:
        for key in ("/Metadata", "/PieceInfo"):
            if key in page:
                del page[NameObject(key)]
        for annotation in page.get("/Annots", None) or []:
            annotation = annotation.get_object()
            for key in ("/T", "/RC", "/CreationDate", "/M"):
                if key in annotation:
                    del annotation[NameObject(key)]
    # Cloning copied every object: drop the ones nothing refers to any more (the old XMP stream).
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def strip_image(data, content_type):
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        # A fresh image carries none of the original's info (EXIF, XMP, ICC profile, comments).
        clean = Image.new(image.mode, image.size)
        if image.mode == "P":
            clean.putpalette(image.getpalette())
        clean.paste(image)
        out = io.BytesIO()
        clean.save(out, format=PILLOW_FORMATS[content_type])
    return out.getvalue()


def strip_office(data):
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in OFFICE_REPLACEMENTS:
                content = OFFICE_REPLACEMENTS[info.filename]
            elif info.filename.endswith(".xml") and info.filename.startswith(("word/", "xl/")):
                content = _AUTHOR_ATTRIBUTES.sub(rb'\1=""', content)
                content = _AUTHOR_ELEMENTS.sub(b"<author></author>", content)
            target.writestr(
                zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def strip_identity(data, content_type):
    if content_type == "application/pdf":
        return strip_pdf(data)
    if content_type in PILLOW_FORMATS:
        return strip_image(data, content_type)
    if EXTENSIONS.get(content_type) in ("docx", "xlsx"):
        return strip_office(data)
    return data


def blind_copy(entry_file):
    """The cleaned bytes of ``entry_file`` (computed once, then read from the cache)."""
    storage = storages["private"]
    cache_name = f"{CACHE_PREFIX}/{entry_file.sha256}"
    if entry_file.sha256 and storage.exists(cache_name):
        with storage.open(cache_name, "rb") as cached:
            return cached.read()
    with entry_file.file.open("rb") as handle:
        data = strip_identity(handle.read(), entry_file.content_type)
    if entry_file.sha256:
        storage.save(cache_name, ContentFile(data))
    return data
