"""A hostile ZIP attachment (Office files, a PDF, nested ZIPs, members named after the team, a comment
and extra fields), and decompression bombs built without ever holding what they expand to."""

import io
import struct
import zipfile
import zlib

from tests.cms.documents.hostile import BODY, XML, W, image_markers, jpeg_bytes, marker, png_bytes, rels
from tests.cms.documents.hostile_office import hostile_docx, hostile_xlsx
from tests.cms.documents.hostile_pdf import hostile_pdf
from tests.cms.documents.hostile_pptx import hostile_pptx

MiB = 1024 * 1024
TEAM_DIR = marker("ZIPNAME-DIR")


def _zip(members, comment=b""):
    """A ZIP of ``(name, content)`` with 2024 timestamps and an extra field naming the team."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 3, 1, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            payload = b"MARKER-ZIP-EXTRA"
            info.extra = struct.pack("<HH", 0x7A7A, len(payload)) + payload
            archive.writestr(info, content)
        archive.comment = comment
    return out.getvalue()


def hostile_zip():
    docx, docx_markers = hostile_docx()
    xlsx, xlsx_markers = hostile_xlsx()
    pptx, pptx_markers = hostile_pptx()
    pdf, pdf_markers = hostile_pdf()
    deepest = _zip([(f"{marker('ZIPNAME-PNG')}.png", png_bytes(marker("ZIP-PNG")))])
    nested = _zip([
        (f"照片-{marker('ZIPNAME-JPEG')}.JPG", jpeg_bytes(marker("ZIP-JPEG"))),
        (f"说明-{marker('ZIPNAME-TXT')}.txt", "纯文本保留\n".encode()),
        (f"更深-{marker('ZIPNAME-DEEP')}.zip", deepest),
    ])  # fmt: skip
    data = _zip(
        [
            (f"{TEAM_DIR}/", b""),
            (f"{TEAM_DIR}/{marker('ZIPNAME-PROPOSAL')}.pdf", pdf),
            (f"{TEAM_DIR}/方案-{marker('ZIPNAME-DOCX')}.docx", docx),
            (f"{TEAM_DIR}/预算-{marker('ZIPNAME-XLSX')}.xlsx", xlsx),
            (f"演示-{marker('ZIPNAME-PPTX')}.pptx", pptx),
            (f"内层-{marker('ZIPNAME-NESTED')}.zip", nested),
            ("readme", "说明保留".encode()),
        ],
        comment=b"MARKER-ZIP-COMMENT",
    )
    names = [
        marker(where)
        for where in ("ZIPNAME-DIR", "ZIPNAME-PROPOSAL", "ZIPNAME-DOCX", "ZIPNAME-XLSX", "ZIPNAME-PPTX",
                      "ZIPNAME-NESTED", "ZIPNAME-JPEG", "ZIPNAME-TXT", "ZIPNAME-DEEP", "ZIPNAME-PNG")
    ]  # fmt: skip
    markers = [*docx_markers, *xlsx_markers, *pptx_markers, *pdf_markers, *names, "MARKER-ZIP-COMMENT"]
    markers += [
        "MARKER-ZIP-EXTRA",
        *image_markers(marker("ZIP-JPEG"), "jpeg"),
        *image_markers(marker("ZIP-PNG"), "png"),
    ]
    return data, markers


# --- bombs --------------------------------------------------------------------------------------


def deflated(prefix, filler, repeats, suffix):
    """Raw deflate data for ``prefix + filler * repeats + suffix`` (``filler`` 1 MiB), built in
    O(1) memory: after a full flush the compressor restarts, so each filler block compresses to the
    same bytes and is simply repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(filler) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush()
    return head + block * repeats + tail, len(prefix) + len(filler) * repeats + len(suffix)


def raw_zip(members):
    """A ZIP written byte by byte from ``(name, method, data, declared_size[, flags[, crc]])``:
    whatever size is declared goes into both the local header and the central directory. Deflated
    members get CRC 0 unless given: the bombs must be refused long before anyone could check it."""
    out, central = bytearray(), bytearray()
    for name, method, data, declared, *extra in members:
        encoded = name.encode()
        flag = 0x800 | (extra[0] if extra else 0)
        offset = len(out)
        crc = extra[1] if len(extra) > 1 else zlib.crc32(data) if method == zipfile.ZIP_STORED else 0
        fields = (20, flag, method, 0, 0x21, crc, len(data), declared, len(encoded))
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields, 0) + encoded + data
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + encoded
    count = len(members)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def docx_bomb(gib=1):
    """A ~1 MB DOCX whose word/document.xml is a paragraph of ``gib`` GiB of spaces."""
    prefix = f'{XML}<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t xml:space="preserve">{BODY}'.encode()
    document, size = deflated(prefix, b" " * MiB, gib * 1024, b"</w:t></w:r></w:p></w:body></w:document>")
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    types = (
        f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
    ).encode()
    root = rels(("rId1", "officeDocument", "word/document.xml")).encode()
    return raw_zip([
        ("[Content_Types].xml", zipfile.ZIP_STORED, types, len(types)),
        ("_rels/.rels", zipfile.ZIP_STORED, root, len(root)),
        ("word/document.xml", zipfile.ZIP_DEFLATED, document, size),
    ])  # fmt: skip


def zero_bomb(gib, declared=None):
    """A ZIP with one member of ``gib`` GiB of zeros, declaring ``declared`` bytes (default: the truth)."""
    data, size = deflated(b"", bytes(MiB), gib * 1024, b"")
    return raw_zip([("data.bin", zipfile.ZIP_DEFLATED, data, size if declared is None else declared)])
