"""The text a reader sees in a document, with where it is: to look for self-identification.

``extract_text`` reads PDFs (per page, plus annotation texts), Word files (body, headers, footers,
comments, footnotes, endnotes), spreadsheets (sheet names, cell text and values, comments),
presentations (slides, notes) and ZIPs (member NAMES are text too; members are read by their
content). It runs under the same ``Limits`` as cleaning (archives are streamed and counted) and
stops quietly once ``max_text_chars`` characters were collected.

``find_mentions`` (in ``mentions``) then finds given names, organisations, codes, e-mails or phone
numbers in the result.
"""

import contextlib
import posixpath
import re
import struct
from dataclasses import dataclass
from urllib.parse import unquote
from xml.parsers import expat

from pypdf import PdfReader
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

from cms.documents.archives import member_kind
from cms.documents.kinds import KIND_OF_TYPE, TEXT_TYPES
from cms.documents.limits import DEFAULT_LIMITS, Budget, bomb, corrupt, encrypted
from cms.documents.mentions import Mention, find_mentions
from cms.documents.office import MAIN_KINDS, Package
from cms.documents.xmlfilter import new_parser, split_name
from cms.documents.zipread import member_chunks, open_zip, spool_member

__all__ = ["LocatedText", "Mention", "extract_text", "find_mentions"]

_VND = "vnd.openxmlformats-officedocument."
# Parts read for text, by content type (without the prefix above), and what to call where they are.
PART_LOCATIONS = {
    **dict.fromkeys([main.removeprefix(_VND) for main in MAIN_KINDS], "正文"),
    "wordprocessingml.header+xml": "页眉",
    "wordprocessingml.footer+xml": "页脚",
    "wordprocessingml.comments+xml": "批注",
    "wordprocessingml.footnotes+xml": "脚注",
    "wordprocessingml.endnotes+xml": "尾注",
    "spreadsheetml.sharedStrings+xml": "表格文本",
    "spreadsheetml.worksheet+xml": "工作表",
    "spreadsheetml.comments+xml": "批注",
    "presentationml.slide+xml": "幻灯片",
    "presentationml.notesSlide+xml": "备注",
    "drawingml.chart+xml": "图表",
    "drawing+xml": "图形",
    "drawingml.diagramData+xml": "图示",
}
_TEXT_ELEMENTS = {"t", "delText", "instrText"}
_LINE_ELEMENTS = {"p", "si", "c", "comment", "row"}
_ALT_TEXT_OWNERS = {"docPr", "cNvPr"}
_NUMBER = re.compile(r"(\d+)\.xml$")
# What pypdf raises on damaged or hostile input besides its own errors.
_PYPDF_ERRORS = (
    PyPdfError, OSError, ValueError, LookupError, TypeError, AttributeError, ArithmeticError, NotImplementedError,
    RecursionError, struct.error,
)  # fmt: skip


@dataclass(frozen=True)
class LocatedText:
    location: str  # "第 3 页", "页眉", "工作表“预算”", "材料/简历.pdf 第 2 页", a ZIP member's path …
    text: str


class _Full(Exception):
    """The text budget is spent: stop reading."""


class _Collector:
    def __init__(self, budget):
        self.budget = budget
        self.left = budget.limits.max_text_chars
        self.found = []

    def add(self, location, text):
        text = text.strip()
        if not text:
            return
        self.found.append(LocatedText(location, text[: self.left]))
        self.left -= len(text)
        if self.left <= 0:
            raise _Full


def extract_text(src, content_type, limits=None):
    """The located texts of ``src`` (a seekable binary file of ``content_type``)."""
    collector = _Collector(Budget(limits or DEFAULT_LIMITS))
    kind = "text" if content_type in TEXT_TYPES else KIND_OF_TYPE.get(content_type, "other")
    with contextlib.suppress(_Full):
        _extract(kind, src, collector, "", 0)
    return collector.found


def _extract(kind, src, collector, where, depth):
    """Collect the text of ``src``; ``where`` is its path inside the uploaded archive ("" for the
    upload itself), prefixed to every location found inside it."""
    inside = f"{where} › " if where else ""
    if kind == "pdf":
        _pdf_text(src, collector, inside)
    elif kind == "office":
        _office_text(src, collector, inside)
    elif kind == "zip":
        _zip_text(src, collector, f"{where}/" if where else "", depth)
    elif kind == "text":
        collector.add(where or "正文", _decode(src.read(collector.left * 4)))


def _pdf_text(src, collector, prefix):
    try:
        reader = PdfReader(src)
        # Most "encrypted" PDFs only restrict printing or copying and open without a password.
        if reader.is_encrypted and not _opens_without_password(reader):
            raise encrypted()
        for number, page in enumerate(reader.pages, start=1):
            collector.add(f"{prefix}第 {number} 页", page.extract_text())
            for annotation in page.get("/Annots") or []:
                contents = annotation.get_object().get("/Contents")
                if contents:
                    collector.add(f"{prefix}第 {number} 页批注", str(contents))
    except LimitReachedError as exc:
        raise bomb() from exc
    except _PYPDF_ERRORS as exc:
        raise corrupt() from exc


def _opens_without_password(reader):
    try:
        return bool(reader.decrypt(""))
    except (DependencyError, *_PYPDF_ERRORS):  # DependencyError: AES needs the cryptography package
        return False


def _office_text(src, collector, prefix):
    budget = collector.budget
    with open_zip(src, budget) as archive:
        package = Package(archive, budget)
        sheet_names = _sheet_names(package)
        if sheet_names:
            collector.add(f"{prefix}工作表名称", "\n".join(sheet_names.values()))
        for key, info in package.members.items():
            content_type = package.content_type(key).removeprefix("application/" + _VND)
            location = PART_LOCATIONS.get(content_type)
            if location is None:
                continue
            if key in sheet_names:
                location = f"工作表“{sheet_names[key]}”"
            elif location in ("幻灯片", "备注") and (number := _NUMBER.search(key)):
                location = f"第 {number[1]} 张幻灯片" + ("备注" if location == "备注" else "")
            collector.add(prefix + location, _xml_text(member_chunks(archive, info, budget), collector.left))


def _sheet_names(package):
    """{worksheet part: sheet name} of a spreadsheet (empty for other packages)."""
    main = next((key for key in package.members if package.content_type(key).endswith("sheet.main+xml")), None)
    if main is None:
        return {}
    workbook = package.read(main)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in package.relationships(main)}
    names = {}
    parser = new_parser()

    def start(name, attrs):
        values = {split_name(attrs[i])[1]: attrs[i + 1] for i in range(0, len(attrs), 2)}
        if split_name(name)[1] == "sheet" and values.get("id") in targets:
            target = unquote(targets[values["id"]])
            part = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(main), target)
            names[posixpath.normpath(part).lower()] = values.get("name", "")

    parser.StartElementHandler = start
    try:
        parser.Parse(workbook, True)
    except expat.ExpatError as exc:
        raise corrupt() from exc
    return names


def _xml_text(chunks, limit):
    """The text of an OOXML part: text runs, cell values, alt texts, one line per paragraph/cell;
    reading stops once ``limit`` characters were found."""
    pieces, state = [], {"depth": 0, "cell_type": "", "size": 0}
    parser = new_parser()

    def start(name, attrs):
        local = split_name(name)[1]
        values = {split_name(attrs[i])[1]: attrs[i + 1] for i in range(0, len(attrs), 2)}
        if local == "c":
            state["cell_type"] = values.get("t", "n")
        if local in _TEXT_ELEMENTS or (local == "v" and state["cell_type"] != "s"):
            state["depth"] += 1
        if local in _ALT_TEXT_OWNERS:
            pieces.extend(f"{values[key]}\n" for key in ("title", "descr") if values.get(key))

    def end(name):
        local = split_name(name)[1]
        if local in _TEXT_ELEMENTS or (local == "v" and state["cell_type"] != "s"):
            state["depth"] -= 1
        elif local in _LINE_ELEMENTS:
            pieces.append("\n")

    def text(data):
        if state["depth"] > 0:
            pieces.append(data)
            state["size"] += len(data)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            if state["size"] > limit:
                return "".join(pieces)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise corrupt() from exc
    return "".join(pieces)


def _zip_text(src, collector, prefix, depth):
    """Member names (as their own text, located at themselves) and the text of each member."""
    budget = collector.budget
    budget.check_depth(depth)
    with open_zip(src, budget) as archive:
        for info in archive.infolist():
            path = prefix + info.filename
            collector.add(path, path)
            if info.is_dir():
                continue
            with spool_member(archive, info, budget) as member:
                kind = member_kind(member, budget)
                if kind == "other":
                    kind = "text" if _looks_like_text(member) else "other"
                _extract(kind, member, collector, path, depth + 1)


def _looks_like_text(spool):
    head = spool.read(4096)
    spool.seek(0)
    return bool(head) and b"\x00" not in head


def _decode(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")
