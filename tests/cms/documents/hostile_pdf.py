"""A hostile PDF: reportlab draws the visible page, pikepdf adds every structure that can name its
author, and a hand-written incremental update leaves an old object version behind in the bytes."""

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tests.cms.documents.hostile import BODY, jpeg_bytes, marker

FONT = "STSong-Light"
BODY_ASCII = "BODY-KEEP-PDF"


def page_pdf(lines):
    """A one-page PDF drawing ``lines`` (text, x, y); Chinese in STSong-Light."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    for text, x, y in lines:
        page.setFont(FONT if any(ord(char) > 127 for char in text) else "Helvetica", 14)
        page.drawString(x, y, text)
    page.showPage()
    page.save()
    return out.getvalue()


def _js(pdf, code):
    return pdf.make_indirect(Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code)))


def _xmp(pdf, where):
    xml = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{marker(where)}</dc:creator></x:xmpmeta>'
    return pdf.make_stream(xml.encode(), Type=Name.Metadata, Subtype=Name.XML)


def _annotation(pdf, **entries):
    return pdf.make_indirect(Dictionary(Type=Name.Annot, Rect=Array([50, 50, 80, 80]), **entries))


def hostile_pdf():
    base = page_pdf([(BODY, 72, 760), (BODY_ASCII, 72, 730)])
    markers = []
    with pikepdf.open(io.BytesIO(base)) as pdf:
        page = pdf.pages[0]
        root = pdf.Root
        root.Metadata = _xmp(pdf, "PDF-XMP-CATALOG")
        page.obj.Metadata = _xmp(pdf, "PDF-XMP-PAGE")
        root.PieceInfo = Dictionary(App=Dictionary(Private=String(marker("PDF-PIECEINFO-CATALOG"))))
        page.obj.PieceInfo = Dictionary(App=Dictionary(Private=String(marker("PDF-PIECEINFO-PAGE"))))
        # An image XObject with its own XMP, and EXIF/comment/XMP segments inside the JPEG data.
        image = pdf.make_stream(
            jpeg_bytes(marker("PDF-JPEG")),
            Type=Name.XObject, Subtype=Name.Image, Width=8, Height=4, ColorSpace=Name.DeviceRGB,
            BitsPerComponent=8, Filter=Name.DCTDecode, Metadata=_xmp(pdf, "PDF-XMP-IMAGE"),
        )  # fmt: skip
        page.obj.Resources.XObject = Dictionary(Im1=image)
        page.contents_add(pdf.make_stream(b"q 80 0 0 40 72 600 cm /Im1 Do Q"))
        # An attachment in the EmbeddedFiles name tree: name, description and content.
        spec = pikepdf.AttachedFileSpec(
            pdf, marker("PDF-EMBED-CONTENT").encode(), description=marker("PDF-EMBED-DESC"), filename="x.txt"
        )
        pdf.attachments[marker("PDF-EMBED-NAME")] = spec
        # A file-attachment annotation with its own embedded file.
        file_spec = pikepdf.AttachedFileSpec(pdf, marker("PDF-FILEANNOT-CONTENT").encode(), filename="y.txt")
        attachment = _annotation(
            pdf, Subtype=Name.FileAttachment, FS=file_spec.obj, Contents=String(marker("PDF-FILEANNOT-DESC")),
            T=String(marker("PDF-FILEANNOT-AUTHOR")),
        )  # fmt: skip
        # A sticky note with author, rich text and a popup with its own author.
        note = _annotation(
            pdf, Subtype=Name.Text, T=String(marker("PDF-ANNOT-AUTHOR")), Contents=String("批注保留"),
            RC=String(f"<body><p>{marker('PDF-ANNOT-RC')}</p></body>"),
            AA=Dictionary(E=_js(pdf, f"app.alert('{marker('PDF-ANNOT-AA')}')")),
        )  # fmt: skip
        popup = _annotation(pdf, Subtype=Name.Popup, Parent=note, T=String(marker("PDF-POPUP-AUTHOR")))
        note.Popup = popup
        link = _annotation(
            pdf, Subtype=Name.Link, A=Dictionary(S=Name.URI, URI=String("https://example.org/keep")),
        )  # fmt: skip
        launch = _annotation(
            pdf, Subtype=Name.Link, A=Dictionary(S=Name.Launch, F=String(f"C:\\{marker('PDF-LAUNCH')}.exe")),
        )  # fmt: skip
        field = _annotation(
            pdf, Subtype=Name.Widget, FT=Name.Tx, T=String("field1"), V=String("表单保留"),
            AA=Dictionary(K=_js(pdf, f"app.alert('{marker('PDF-FIELD-AA')}')")), P=page.obj,
        )  # fmt: skip
        page.obj.Annots = Array([attachment, note, popup, link, launch, field])
        root.AcroForm = Dictionary(Fields=Array([field]))
        page.obj.AA = Dictionary(O=_js(pdf, f"app.alert('{marker('PDF-PAGE-AA')}')"))
        root.OpenAction = _js(pdf, f"app.alert('{marker('PDF-OPENACTION')}')")
        root.AA = Dictionary(WC=_js(pdf, f"app.alert('{marker('PDF-CATALOG-AA')}')"))
        root.Names.JavaScript = Dictionary(Names=Array([String("init"), _js(pdf, marker("PDF-NAMES-JS"))]))
        # ASCII, so that it is a literal string in the bytes the update leaves behind.
        pdf.docinfo = pdf.make_indirect(Dictionary(Author=String("MARKER-PDF-OLD-REVISION")))
        out = io.BytesIO()
        pdf.save(
            out, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False, fix_metadata_version=False
        )
    markers += [
        marker(where)
        for where in (
            "PDF-XMP-CATALOG", "PDF-XMP-PAGE", "PDF-XMP-IMAGE", "PDF-PIECEINFO-CATALOG", "PDF-PIECEINFO-PAGE",
            "PDF-EMBED-CONTENT", "PDF-EMBED-DESC", "PDF-EMBED-NAME", "PDF-FILEANNOT-CONTENT", "PDF-FILEANNOT-DESC",
            "PDF-FILEANNOT-AUTHOR", "PDF-ANNOT-AUTHOR", "PDF-ANNOT-RC", "PDF-ANNOT-AA", "PDF-POPUP-AUTHOR",
            "PDF-LAUNCH", "PDF-FIELD-AA", "PDF-PAGE-AA", "PDF-OPENACTION", "PDF-CATALOG-AA", "PDF-NAMES-JS",
            "PDF-INFO-AUTHOR", "PDF-INFO-CREATOR", "PDF-INFO-PRODUCER",
        )
    ]  # fmt: skip
    markers.append("MARKER-PDF-OLD-REVISION")
    markers += [marker("PDF-JPEG") + suffix for suffix in ("-EXIF-ARTIST", "-COMMENT", "-ICC", "-XMP")]
    return incremental_info_update(out.getvalue()), markers


def incremental_info_update(data):
    """``data`` with an appended incremental update that gives the document a new /Info object.

    The old /Info object stays in the bytes before the update: a cleaner that appends instead of
    rewriting would carry it along."""
    trailer = data[data.rindex(b"trailer") :]
    size = int(re.search(rb"/Size (\d+)", trailer)[1])
    root = re.search(rb"/Root (\d+ \d+ R)", trailer)[1]
    previous = int(re.search(rb"startxref\s+(\d+)", data[data.rindex(b"startxref") :])[1])
    entries = b" ".join(
        b"/" + key.encode() + b" <FEFF" + marker(where).encode("utf-16-be").hex().upper().encode() + b">"
        for key, where in (("Author", "PDF-INFO-AUTHOR"), ("Creator", "PDF-INFO-CREATOR"),
                           ("Producer", "PDF-INFO-PRODUCER"))
    )  # fmt: skip
    offset = len(data) + 1
    update = b"\n%d 0 obj\n<< %s >>\nendobj\n" % (size, entries)
    xref_at = len(data) + len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (size, offset)
    update += b"trailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %d >>\n" % (size + 1, root, size, previous)
    update += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return data + update
