"""Copies of entry files that carry no identity and no active content, for judges.

Judges never receive the stored file itself. ``cms.documents.clean`` writes a fresh copy by
streaming, with every expansion measured as it happens:

* **PDF** — rewritten from scratch by qpdf (only reachable objects, so nothing an incremental
  update left behind): no document information, no XMP on any object, no piece info, no file
  attachments or embedded files, no JavaScript or automatic actions, no annotation authors;
* **images** — decoded and re-encoded without EXIF, XMP, ICC text or comments;
* **DOCX/XLSX** (and Office files inside ZIPs) — rebuilt by allow-list: only the parts needed to
  render; no document properties, custom XML, document variables, attached or remote templates,
  external links, people/persons parts, revision or comment authors, absolute paths, file-sharing
  user names or thumbnails;
* **ZIP** — rebuilt member by member by the same rules, nested archives too, with neutral member
  names (``文件-001.pdf``): names of files often carry a team's or a person's name.

The served name is built from the kind and the entry's blind code, never the uploaded name.
Cleaned copies are cached in private storage under the original's SHA-256, in a folder named for
this cleaner's generation: copies made by an older, leakier cleaner are never served again.
"""

import io
import re
import tempfile

from django.core.files import File
from django.core.files.storage import storages

from cms.documents.clean import clean
from contests.choices import FileKind
from contests.services.judging.judges import blind_code

CACHE_PREFIX = "judging-copies-v2"
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
# Cleaned copies below this size stay in memory while they are written; larger ones go to disk.
SPOOL_BYTES = 8 * 1024 * 1024


# What replaces a team's name, organisation, members' names and contacts in text shown to judges.
REDACTED = "〔已隐去〕"


def scrub_identity(text, needles):
    """``text`` with every needle (``self_identification.team_needles``) replaced, longest first
    (an organisation's name before the shorter team name inside it), case-insensitively."""
    if not text:
        return text
    for needle in sorted(needles, key=len, reverse=True):
        text = re.sub(re.escape(needle), REDACTED, text, flags=re.IGNORECASE)
    return text


def judge_answers(entry, files):
    """The answers judges see: questions with ``show_to_judges``, shown by their condition, each
    text scrubbed of the team's identity; file answers as the positions of ``files`` (the judge's
    blind file list). Returns ``[(label, text, [file, …]), …]``."""
    from contests.services.entry_forms import FieldKind, display_value, fields_for, is_shown
    from contests.services.self_identification import team_needles

    answers = entry.extra or {}
    fields = [f for f in fields_for(entry) if f.show_to_judges and is_shown(f, answers)]
    if not fields:
        return []
    needles = team_needles(entry.team)
    rows = []
    for field in fields:
        if field.kind == FieldKind.FILE:
            own = [f for f in files if f["file"].field_key == field.key]
            if own:
                rows.append((scrub_identity(field.label, needles), "", own))
        elif field.key in answers:
            value = display_value(answers[field.key])
            rows.append((scrub_identity(field.label, needles), scrub_identity(value, needles), []))
    return rows


def judge_field_keys(entry):
    """Keys of the file questions whose files judges may open."""
    from contests.services.entry_forms import fields_for, is_shown

    answers = entry.extra or {}
    return {f.key for f in fields_for(entry) if f.show_to_judges and is_shown(f, answers)}


def blind_name(entry, entry_file, position, code=None):
    """e.g. ``方案书-P7K2QXM.pdf``, ``图片-P7K2QXM-2.png``; ``code`` replaces the entry's blind code
    (a calibration anchor is named by its label, never by its code)."""
    extension = EXTENSIONS.get(entry_file.content_type, "bin")
    suffix = "" if entry_file.kind == FileKind.PROPOSAL else f"-{position}"
    return f"{KIND_LABELS.get(entry_file.kind, '文件')}-{code or blind_code(entry)}{suffix}.{extension}"


def open_blind_copy(entry_file):
    """An open binary file of the cleaned copy of ``entry_file`` (made once, then read from the
    cache). Raises ``cms.documents.limits.DocumentRejected`` when no safe copy can be made."""
    storage = storages["private"]
    cache_name = f"{CACHE_PREFIX}/{entry_file.sha256}"
    if entry_file.sha256 and storage.exists(cache_name):
        return storage.open(cache_name, "rb")
    cleaned = tempfile.SpooledTemporaryFile(SPOOL_BYTES)  # noqa: SIM115 - returned, or closed below
    try:
        with entry_file.file.open("rb") as original:
            clean(original, cleaned, entry_file.content_type)
        cleaned.seek(0)
        if not entry_file.sha256:
            # Not cached without a hash (every upload is hashed while it streams in): handed over in
            # memory, so an unread response leaves no temporary file open.
            copy = io.BytesIO(cleaned.read())
            cleaned.close()
            return copy
        storage.save(cache_name, File(cleaned, name=cache_name))
    except BaseException:
        cleaned.close()
        raise
    cleaned.close()
    return storage.open(cache_name, "rb")
