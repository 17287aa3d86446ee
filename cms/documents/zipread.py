"""Reading ZIP archives (ZIPs, Office packages) by streaming and counting, and writing clean ones.

Nothing a ZIP says about sizes is believed. The central directory is size-checked before Python
parses it; each member is decompressed in chunks until its deflate stream really ends (``zipfile``
would otherwise stop at the declared size, which is how an under-declared member hides its bulk),
and the real bytes are charged to the file's ``Budget``. A member that turns out larger or smaller
than declared is refused, since other unzip tools would not see what we saw.

Written archives carry nothing but names and contents: fixed timestamps (1980-01-01), fixed
permissions, no comment, no extra fields.
"""

import copy
import struct
import tempfile
import zipfile
import zlib

from django.utils.translation import gettext as _

from cms.documents.limits import DocumentRejected, bomb, corrupt, encrypted

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, UnicodeDecodeError, struct.error)


class CountingFile:
    """A seekable binary file that counts the bytes read through it (the compressed bytes a member
    really consumed, for the ratio check)."""

    def __init__(self, raw):
        self.raw = raw
        self.consumed = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.consumed += len(data)
        return data

    def seek(self, *args):
        return self.raw.seek(*args)

    def tell(self):
        return self.raw.tell()

    def seekable(self):
        return True


def directory_size(src):
    """The central directory size that ``zipfile`` is about to read in one piece (as it finds it)."""
    src.seek(0, 2)
    end = src.tell()
    tail_start = max(0, end - (0xFFFF + 22))
    src.seek(tail_start)
    tail = src.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise corrupt()
    (size,) = struct.unpack("<I", tail[at + 12 : at + 16])
    record = tail_start + at
    if record >= 20 + 56:
        src.seek(record - 20)
        if src.read(4) == _ZIP64_LOCATOR:
            src.seek(record - 20 - 56)
            zip64 = src.read(56)
            if zip64[:4] == _ZIP64_EOCD:
                (size,) = struct.unpack("<Q", zip64[40:48])
    src.seek(0)
    return size


def open_zip(src, budget):
    """A ``ZipFile`` over ``src`` after the directory and member-count checks."""
    if directory_size(src) > budget.limits.max_directory_bytes:
        raise DocumentRejected(_("压缩文件的目录过大，可能是“压缩炸弹”。"), code="bomb")
    try:
        archive = zipfile.ZipFile(CountingFile(src))
    except _READ_ERRORS as exc:
        raise corrupt() from exc
    budget.add_members(len(archive.infolist()))
    return archive


def member_chunks(archive, info, budget):
    """The decompressed bytes of one member, in chunks, each charged to ``budget`` as it is read."""
    limits = budget.limits
    if info.flag_bits & 0x1:
        raise encrypted()
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # bzip2/LZMA: zipfile decompresses them without an output bound, so one read could explode.
        raise DocumentRejected(_("压缩文件使用了不支持的压缩方式。"), code="unsupported")
    probe = copy.copy(info)
    # zipfile truncates at the declared size: declare "more than we will ever accept" instead and
    # let the stream's own end (or the budget) stop the reading.
    probe.file_size = limits.max_expanded_bytes + 1
    # The CRC is checked here, after the sizes: a wrong size is the finding that matters.
    del probe.CRC
    counter = archive.fp
    start = counter.consumed
    produced, crc = 0, 0
    try:
        stream = archive.open(probe)
    except (*_READ_ERRORS, NotImplementedError, RuntimeError) as exc:
        raise corrupt() from exc
    with stream:
        while True:
            try:
                chunk = stream.read(limits.chunk_size)
            except _READ_ERRORS as exc:
                raise corrupt() from exc
            if not chunk:
                break
            produced += len(chunk)
            crc = zlib.crc32(chunk, crc)
            budget.add_expanded(len(chunk))
            if produced > limits.ratio_floor and produced > limits.max_ratio * max(counter.consumed - start, 1):
                raise bomb()
            yield chunk
    if produced > info.file_size:
        raise bomb()
    if produced < info.file_size or crc != info.CRC:
        raise corrupt()


def spool_member(archive, info, budget):
    """The member's bytes in a temporary file (memory up to ``spool_bytes``, then disk), at 0."""
    spool = tempfile.SpooledTemporaryFile(max_size=budget.limits.spool_bytes)  # noqa: SIM115 (caller closes)
    try:
        for chunk in member_chunks(archive, info, budget):
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def read_small_member(archive, info, budget):
    """The whole member as bytes; refused above ``max_xml_part_bytes`` (for parts edited in memory)."""
    cap = budget.limits.max_xml_part_bytes
    parts, size = [], 0
    for chunk in member_chunks(archive, info, budget):
        size += len(chunk)
        if size > cap:
            raise DocumentRejected(_("文档中的某个部分过大，无法处理。"), code="too_large")
        parts.append(chunk)
    return b"".join(parts)


def new_zip(dst):
    return zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED)


def member_info(name):
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def write_member(target, name, chunks):
    """Write ``chunks`` (an iterable of bytes) as member ``name`` of the ``new_zip`` ``target``."""
    with target.open(member_info(name), "w") as out:
        for chunk in chunks:
            out.write(chunk)


def file_chunks(handle, size):
    while chunk := handle.read(size):
        yield chunk
