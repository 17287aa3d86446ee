"""Clean a PDF for a judge's blind copy, with pikepdf (qpdf).

The judge copy is a NEW file written by qpdf from the objects still reachable after cleaning, never
an incremental update of the original: old object versions left behind by earlier incremental saves,
and objects nothing points to any more (the old XMP, an attachment's file stream), are not written.
Its ``/ID`` is derived from the content, not copied. Streams are copied as they are, never decoded;
object streams (which qpdf must inflate to read the objects packed in them) are first inflated by us
in bounded chunks and charged to the file's ``Budget``, so a small PDF cannot unpack into gigabytes.

What is removed, wherever it appears (every object is visited, not only the catalog and pages):

* the document information dictionary, ``/Metadata`` (XMP) on the catalog, pages, images, forms,
  fonts …, ``/PieceInfo`` (private application data), page thumbnails;
* embedded files: the ``/EmbeddedFiles`` name tree, ``/AF`` associated files, file-attachment,
  sound, movie, screen, rich-media and 3D annotations (and their popups);
* annotation authors ``/T`` and rich-text ``/RC`` (form-field names, which are ``/T`` of widgets,
  stay), signature values (the certificate names the signer), ``/Perms``, ``/DSS``;
* scripts and actions with side effects: ``/OpenAction``, ``/AA`` everywhere, the ``/JavaScript``
  name tree, and ``/A`` actions other than go-to, named, thread, optional-content and URI actions.
  URI links stay: they are part of what the team wrote, and a viewer asks before following them;
* XFA form data, web-capture info, the portfolio view, external stream files;
* EXIF/XMP/ICC/comment segments inside embedded JPEG images (the image data is untouched).
"""

import zlib

import pikepdf
from django.utils.translation import gettext as _
from pikepdf import Array, Dictionary, Name, Stream

from cms.documents.limits import DocumentRejected, MiB, budget_for, corrupt, encrypted

# qpdf's own cap on inflating one stream (object and cross-reference streams are inflated to be
# read). Process-wide by qpdf's design; only this module uses pikepdf.
pikepdf.settings.set_qpdf_limits(flate_max_memory=128 * MiB)

_DROP_KEYS = ("/Metadata", "/PieceInfo", "/AA", "/AF", "/Thumb", "/OpenAction", "/Perms", "/DSS")
_CATALOG_DROP = ("/SpiderInfo", "/Collection")
_NAME_TREES_DROP = ("/JavaScript", "/EmbeddedFiles", "/Renditions", "/AlternatePresentations")
# What a file specification names or carries: embedded and related files, the file name, the description.
_FILESPEC_DROP = ("/EF", "/RF", "/F", "/UF", "/Desc", "/DOS", "/Mac", "/Unix")
_SAFE_ACTIONS = {"/GoTo", "/URI", "/Named", "/Thread", "/SetOCGState", "/Trans", "/Hide"}
_KEPT_ANNOTATIONS = {
    "/Text", "/Link", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine", "/Highlight",
    "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Popup", "/Widget", "/Redact",
    "/Watermark",
}  # fmt: skip
# JPEG markers kept inside DCT image streams: APP0 (JFIF) and APP14 (Adobe colour transform).
_KEPT_APP_MARKERS = {0xE0, 0xEE}


def _open(src):
    try:
        return pikepdf.open(src)
    except pikepdf.PasswordError as exc:
        raise encrypted() from exc
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise corrupt() from exc


def check_pdf(src, limits=None, *, budget=None):
    """Refuse (``DocumentRejected``) a PDF that ``clean_pdf`` could not open or would find too big."""
    budget = budget_for(limits, budget)
    with _open(src) as pdf:
        try:
            _measure_object_streams(pdf, budget)
        except pikepdf.PdfError as exc:
            raise corrupt() from exc


def clean_pdf(src, dst, limits=None, *, budget=None):
    """Write to ``dst`` a cleaned, freshly written copy of the PDF in ``src`` (binary files)."""
    budget = budget_for(limits, budget)
    with _open(src) as pdf:
        try:
            _measure_object_streams(pdf, budget)
            _clean(pdf)
            pdf.save(
                dst,
                deterministic_id=True,
                fix_metadata_version=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                encryption=False,
            )
        except pikepdf.DataDecodingError as exc:
            raise DocumentRejected(_("PDF 中的数据解压后过大，可能是“压缩炸弹”。"), code="bomb") from exc
        except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
            raise corrupt() from exc


def _measure_object_streams(pdf, budget):
    """Inflate each object stream ourselves, bounded and charged to the budget, before qpdf parses
    the objects packed in it (all of them are read while cleaning)."""
    numbers = {entry.obj_stream_number for entry in pdf.get_xref_table().values() if entry.type == 2}
    for number in sorted(numbers):
        stream = pdf.get_object((number, 0))
        if not isinstance(stream, Stream) or stream.get("/Filter") not in (Name.FlateDecode, [Name.FlateDecode]):
            continue  # other filters: qpdf's own caps apply
        inflater, raw = zlib.decompressobj(), stream.read_raw_bytes()
        chunk_size = budget.limits.chunk_size
        for start in range(0, len(raw), chunk_size):
            data = raw[start : start + chunk_size]
            while data and not inflater.eof:
                try:
                    out = inflater.decompress(data, chunk_size)
                except zlib.error as exc:
                    raise corrupt() from exc
                budget.add_expanded(len(out))
                data = inflater.unconsumed_tail


def _clean(pdf):
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    for obj in pdf.objects:
        _walk(obj, depth=0)
    root = pdf.Root
    for key in _CATALOG_DROP:
        if key in root:
            del root[key]
    names = root.get("/Names")
    for key in _NAME_TREES_DROP:
        if isinstance(names, Dictionary) and key in names:
            del names[key]
    acroform = root.get("/AcroForm")
    if isinstance(acroform, Dictionary) and "/XFA" in acroform:
        del acroform["/XFA"]


def _walk(value, depth):
    """Clean ``value`` and the direct (not separately numbered) objects inside it; indirect ones are
    visited on their own, as every object of the file is."""
    if depth > 32:  # qpdf caps nesting when parsing; this only guards our own recursion
        return
    if isinstance(value, (Dictionary, Stream)):
        _clean_object(value)
        children = [value.get(key) for key in list(value.keys())]
    elif isinstance(value, Array):
        children = list(value)
    else:
        return
    for child in children:
        if not getattr(child, "is_indirect", False):
            _walk(child, depth + 1)


def _clean_object(obj):
    """Clean one dictionary (or stream dictionary)."""
    for key in _DROP_KEYS:
        if key in obj:
            del obj[key]
    if isinstance(obj.get("/S"), Name):  # an action
        for key in ("/Next", "/JS"):
            if key in obj:
                del obj[key]
    action = obj.get("/A")
    if isinstance(action, Dictionary) and str(action.get("/S")) not in _SAFE_ACTIONS:
        del obj["/A"]
    if _is_annotation(obj) and obj.get("/Subtype") != Name.Widget:
        for key in ("/T", "/RC", "/CreationDate", "/M"):
            if key in obj:
                del obj[key]
    if obj.get("/FT") == Name.Sig and "/V" in obj:
        del obj["/V"]
    if obj.get("/Type") == Name.Filespec or "/EF" in obj:
        for key in _FILESPEC_DROP:
            if key in obj:
                del obj[key]
    annotations = obj.get("/Annots")
    if isinstance(annotations, Array):
        obj["/Annots"] = _kept_annotations(annotations)
    if isinstance(obj, Stream):
        _clean_stream(obj)


def _is_annotation(obj):
    return obj.get("/Type") == Name.Annot or ("/Rect" in obj and isinstance(obj.get("/Subtype"), Name))


def _kept_annotations(annotations):
    dropped = [
        isinstance(annotation, Dictionary) and str(annotation.get("/Subtype")) not in _KEPT_ANNOTATIONS
        for annotation in annotations
    ]
    dropped_parents = set()
    for annotation, drop in zip(annotations, dropped, strict=True):
        if drop:
            if annotation.is_indirect:
                dropped_parents.add(annotation.objgen)
            # Emptied too: the structure tree may still point at it, and then it is written.
            for key in list(annotation.keys()):
                if key not in ("/Type", "/Subtype", "/Rect", "/F", "/P"):
                    del annotation[key]
    kept = []
    for annotation, drop in zip(annotations, dropped, strict=True):
        if drop or not isinstance(annotation, Dictionary):
            continue
        parent = annotation.get("/Parent")
        if isinstance(parent, Dictionary) and parent.is_indirect and parent.objgen in dropped_parents:
            continue
        kept.append(annotation)
    return Array(kept)


def _clean_stream(stream):
    for key in ("/F", "/FFilter", "/FDecodeParms"):  # stream data kept in an outside file
        if key in stream:
            del stream[key]
    filters = stream.get("/Filter")
    if filters == Name.DCTDecode or (isinstance(filters, Array) and list(filters) == [Name.DCTDecode]):
        raw = stream.read_raw_bytes()
        stripped = strip_jpeg_segments(raw)
        if stripped != raw:
            stream.write(stripped, filter=Name.DCTDecode, decode_parms=stream.get("/DecodeParms"))


def strip_jpeg_segments(data):
    """``data`` (a JPEG) without APP1–APP13, APP15 and COM segments; unchanged if it cannot be read."""
    if data[:2] != b"\xff\xd8":
        return data
    out, at = [data[:2]], 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return data
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            out.append(data[at:])
            return b"".join(out)
        if 0xD0 <= marker <= 0xD8 or marker == 0x01:  # markers without a length
            out.append(data[at : at + 2])
            at += 2
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if length < 2:
            return data
        identifying = marker == 0xFE or (0xE1 <= marker <= 0xEF and marker not in _KEPT_APP_MARKERS)
        if not identifying:
            out.append(data[at : at + 2 + length])
        at += 2 + length
    return data
