"""One entry point: clean an uploaded file of a given MIME type into a judge's blind copy."""

from cms.documents.archives import clean_kind
from cms.documents.images import clean_image
from cms.documents.kinds import KIND_OF_TYPE, TEXT_TYPES
from cms.documents.limits import DEFAULT_LIMITS, Budget, unsupported
from cms.documents.zipread import file_chunks


def clean(src, dst, content_type, limits=None):
    """Write to ``dst`` (a writable binary file) the cleaned copy of ``src`` (a seekable binary file
    of ``content_type``). Raises ``DocumentRejected`` when that cannot be done safely; ``dst`` then
    holds nothing usable and must be discarded."""
    budget = Budget(limits or DEFAULT_LIMITS)
    if content_type in TEXT_TYPES:
        for chunk in file_chunks(src, budget.limits.chunk_size):
            dst.write(chunk)
        return
    kind = KIND_OF_TYPE.get(content_type)
    if kind is None:
        raise unsupported()
    if kind == "image":  # the declared format is the one required (inside archives, any of the three)
        clean_image(src, dst, content_type, budget.limits)
    else:
        clean_kind(kind, src, dst, budget)
