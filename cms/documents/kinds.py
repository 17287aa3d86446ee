"""The document kinds this package handles: MIME types, and recognising a file by its first bytes
(inside an archive a member's name says nothing reliable about what it is)."""

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ZIP = "application/zip"
# Plain text has no metadata to remove: it is copied as it is.
TEXT_TYPES = frozenset({"text/plain", "text/csv"})

KIND_OF_TYPE = {PDF: "pdf", JPEG: "image", PNG: "image", WEBP: "image", DOCX: "office", XLSX: "office", PPTX: "office"}
KIND_OF_TYPE[ZIP] = "zip"
# PDF readers accept the header anywhere in the first kilobyte.
HEAD_BYTES = 1024


def sniff(head):
    """ "pdf", "image", "zip" (a ZIP or an Office package) or "other", from a file's first bytes."""
    if b"%PDF-" in head[:HEAD_BYTES]:
        return "pdf"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return "other"
