"""How much work one uploaded file may cause, and the refusal raised when it asks for more.

Every size here is measured, never taken from a header: a ZIP's central directory, a local header or
a PDF's ``/Length`` can say anything. ``Budget`` is the running count for ONE uploaded file; it is
handed down through nested archives and embedded packages so that the caps hold for the whole file,
not per level.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

KiB = 1024
MiB = 1024 * KiB


@dataclass(frozen=True)
class Limits:
    # Real decompressed bytes read from all archive members of one uploaded file, at every depth.
    max_expanded_bytes: int = 200 * MiB
    # Decompressed/compressed ratio allowed for one member once it has produced ``ratio_floor`` bytes.
    max_ratio: int = 100
    ratio_floor: int = 4 * MiB
    # Archive members (directory entries included) in one uploaded file, at every depth.
    max_members: int = 5000
    # A central directory larger than this is refused before it is parsed (each entry costs memory).
    max_directory_bytes: int = 4 * MiB
    # ZIPs inside the uploaded ZIP: the upload itself is depth 0.
    max_depth: int = 3
    # Parts read whole into memory ([Content_Types].xml, .rels files); everything else streams.
    max_xml_part_bytes: int = 20 * MiB
    max_image_pixels: int = 40_000_000
    # Text collected by ``text.extract_text`` for one file; extraction stops quietly after it.
    max_text_chars: int = 2 * MiB
    chunk_size: int = 64 * KiB
    # A member or part is kept in memory up to this size while it is spooled, then on disk.
    spool_bytes: int = 8 * MiB


DEFAULT_LIMITS = Limits()


class DocumentRejected(Exception):
    """The document cannot be cleaned safely. ``str(error)`` is the translated message for the user;
    ``code`` is one of "bomb", "too_many", "too_deep", "encrypted", "corrupt", "macro", "too_large",
    "unsupported"."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)


def bomb():
    return DocumentRejected(_("解压后过大，可能是“压缩炸弹”。"), code="bomb")


def corrupt():
    return DocumentRejected(_("文件已损坏或格式无效，无法处理。"), code="corrupt")


def encrypted():
    return DocumentRejected(_("文件已加密，无法检查和清理。"), code="encrypted")


def unsupported():
    return DocumentRejected(_("不支持的文件类型。"), code="unsupported")


class Budget:
    """What one uploaded file has used so far: decompressed bytes and archive members."""

    def __init__(self, limits=DEFAULT_LIMITS):
        self.limits = limits
        self.expanded = 0
        self.members = 0

    def add_members(self, count):
        self.members += count
        if self.members > self.limits.max_members:
            raise DocumentRejected(
                _("压缩文件中的文件过多（上限 %(limit)s 个）。") % {"limit": self.limits.max_members}, code="too_many"
            )

    def add_expanded(self, count):
        self.expanded += count
        if self.expanded > self.limits.max_expanded_bytes:
            raise bomb()

    def check_depth(self, depth):
        if depth > self.limits.max_depth:
            raise DocumentRejected(
                _("压缩文件嵌套过深（最多 %(limit)s 层）。") % {"limit": self.limits.max_depth}, code="too_deep"
            )


def budget_for(limits=None, budget=None):
    """The running budget of a call: the caller's, or a fresh one for ``limits``."""
    return budget if budget is not None else Budget(limits or DEFAULT_LIMITS)
