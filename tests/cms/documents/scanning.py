"""Looking for markers EVERYWHERE in a file: its raw bytes, every ZIP member (recursively), every
PDF object's strings and every PDF stream decoded, every image's metadata as Pillow reads it."""

import io
import zipfile

import pikepdf
from PIL import Image


def blobs(data, where="file"):
    """``(where, text)`` pairs covering everything ``data`` holds, decoded as far as possible."""
    yield where, data.decode("latin-1")
    yield where, data.decode("utf-8", errors="ignore")
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            yield f"{where} (comment)", archive.comment.decode("utf-8", errors="ignore")
            for info in archive.infolist():
                yield f"{where}/{info.filename} (name, extra)", info.filename + info.extra.decode("latin-1")
                yield from blobs(archive.read(info), f"{where}/{info.filename}")
    elif b"%PDF-" in data[:1024]:
        yield from _pdf_blobs(data, where)
    elif data[:3] == b"\xff\xd8\xff" or data[:4] in (b"\x89PNG", b"RIFF"):
        with Image.open(io.BytesIO(data)) as image:
            yield f"{where} (image info)", repr(image.info) + repr(dict(image.getexif()))


def _pdf_blobs(data, where):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        yield f"{where} trailer", _strings(pdf.trailer)
        for obj in pdf.objects:
            label = f"{where} object {obj.objgen}"
            yield label, _strings(obj)
            if isinstance(obj, pikepdf.Stream):
                try:
                    decoded = obj.read_bytes()
                except pikepdf.PdfError:
                    decoded = obj.read_raw_bytes()
                yield f"{label} stream", decoded.decode("utf-8", errors="ignore")
                yield f"{label} stream", decoded.decode("latin-1")


def _direct(value):
    return not getattr(value, "is_indirect", False)


def _strings(obj, depth=0):
    if depth > 20:
        return ""
    if isinstance(obj, pikepdf.String):
        return str(obj)
    if isinstance(obj, pikepdf.Name):
        return str(obj)
    if isinstance(obj, pikepdf.Array):
        return " ".join(_strings(item, depth + 1) for item in obj if _direct(item))
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        return " ".join(
            f"{key} {_strings(value, depth + 1)}"
            for key, value in obj.items()
            if not getattr(value, "is_indirect", False)
        )
    return ""


def leaks(data, markers):
    """{marker: [where it was found]} for each of ``markers`` found anywhere in ``data``, by the
    marker's ASCII part (whatever encoding its Chinese prefix took)."""
    codes = {marker: marker[marker.index("MARKER") :] for marker in markers}
    found = {}
    for where, text in blobs(data):
        for marker, code in codes.items():
            encodings = (code, *(code.encode(wide).decode("latin-1") for wide in ("utf-16-be", "utf-16-le")))
            if any(form in text for form in encodings):
                found.setdefault(marker, []).append(where)
    return found


def missing(data, markers):
    """The markers NOT found in ``data`` (a hostile original must have none)."""
    found = leaks(data, markers)
    return [marker for marker in markers if marker not in found]
