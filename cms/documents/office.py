"""Clean Office Open XML packages (DOCX, XLSX, PPTX) for a judge's blind copy.

The main document is found through ``_rels/.rels``; from there every relationship is followed, and
a part survives only if it is reached through a kept relationship type (``office_rules``). The
output is a new package: ``[Content_Types].xml`` and every ``.rels`` rebuilt to name only what
survived, each kept XML part streamed through the rewriter, pictures re-encoded without metadata,
other kept parts (fonts, EMF …) copied. Macro-enabled files are refused (their code cannot be
reviewed and would be dropped, which breaks them).

Only ``[Content_Types].xml`` and ``.rels`` files are read whole (capped by ``max_xml_part_bytes``);
everything else streams member by member through the file's ``Budget``.
"""

import itertools
import posixpath
import tempfile
from urllib.parse import unquote
from xml.parsers import expat

from django.utils.translation import gettext as _

from cms.documents import images
from cms.documents.kinds import sniff
from cms.documents.limits import DocumentRejected, budget_for, corrupt, unsupported
from cms.documents.office_rules import KEPT_RELATIONSHIPS, SAFE_LINK_SCHEMES, PartRules
from cms.documents.xmlfilter import DECLARATION, new_parser, rewrite_xml, split_name
from cms.documents.zipread import (
    file_chunks,
    member_chunks,
    new_zip,
    open_zip,
    read_small_member,
    write_member,
)

CONTENT_TYPES = "[Content_Types].xml"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
_MAIN = "vnd.openxmlformats-officedocument.{}.main+xml"
MAIN_KINDS = {
    _MAIN.format("wordprocessingml.document"): "word",
    _MAIN.format("wordprocessingml.template"): "word",
    _MAIN.format("spreadsheetml.sheet"): "sheet",
    _MAIN.format("spreadsheetml.template"): "sheet",
    _MAIN.format("presentationml.presentation"): "slides",
    _MAIN.format("presentationml.template"): "slides",
    _MAIN.format("presentationml.slideshow"): "slides",
}


def _elements(data, wanted):
    """The attribute dicts of every ``wanted`` element (by local name) of a small XML document."""
    found = []
    parser = new_parser()
    parser.ordered_attributes = False

    def start(name, attrs):
        if split_name(name)[1] == wanted:
            found.append({split_name(key)[1]: value for key, value in attrs.items()})

    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise corrupt() from exc
    return found


def rels_name(part):
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _attribute(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


class Package:
    """An Office package being read: its members, content types and relationships."""

    def __init__(self, archive, budget):
        self.archive = archive
        self.budget = budget
        self.members = {}
        for info in archive.infolist():
            if info.is_dir():
                continue
            key = info.filename.lower()
            if key in self.members:
                raise corrupt()
            self.members[key] = info
        types = self.read(CONTENT_TYPES.lower())
        if types is None:
            raise corrupt()
        self.defaults = {d["Extension"].lower(): d["ContentType"] for d in _elements(types, "Default")}
        self.overrides = {o["PartName"].lstrip("/").lower(): o["ContentType"] for o in _elements(types, "Override")}
        self.kept = {}  # part (lower-case) -> its kept relationships

    def read(self, key):
        info = self.members.get(key)
        return None if info is None else read_small_member(self.archive, info, self.budget)

    def content_type(self, part):
        return self.overrides.get(part) or self.defaults.get(posixpath.splitext(part)[1][1:], "")

    def relationships(self, part):
        data = self.read(rels_name(part) if part else "_rels/.rels")
        return [] if data is None else _elements(data, "Relationship")

    def main_kind(self):
        for rel in self.relationships(""):
            if rel.get("Type", "").rsplit("/", 1)[-1] == "officeDocument":
                target = unquote(rel.get("Target", "")).lstrip("/").lower()
                content_type = self.content_type(target)
                if "macroenabled" in content_type.lower():
                    raise DocumentRejected(_("含有宏的 Office 文档不能处理，请另存为不含宏的文件。"), code="macro")
                kind = MAIN_KINDS.get(content_type.removeprefix("application/"))
                if kind is None or target not in self.members:
                    raise unsupported()
                self.kept[""] = [{**rel, "part": target}]
                return kind
        raise corrupt()

    def walk(self, kind):
        """Decide the kept parts: those reached from the main document through kept relationships."""
        allowed = KEPT_RELATIONSHIPS[kind]
        queue = [self.kept[""][0]["part"]]
        while queue:
            part = queue.pop()
            if part in self.kept:
                continue
            keep = []
            for rel in self.relationships(part):
                kind_of_rel = rel.get("Type", "").rsplit("/", 1)[-1]
                target = rel.get("Target", "")
                if rel.get("TargetMode", "").lower() == "external":
                    if kind_of_rel == "hyperlink" and target.strip().lower().startswith(SAFE_LINK_SCHEMES):
                        keep.append(rel)
                    continue
                resolved = _resolve(part, target)
                if kind_of_rel in allowed and resolved in self.members and not _is_index(resolved):
                    keep.append({**rel, "part": resolved})
                    queue.append(resolved)
            self.kept[part] = keep

    def write(self, out):
        order = [key for key in self.members if key in self.kept and key]
        write_member(out, CONTENT_TYPES, [self.content_types_xml(order)])
        write_member(out, "_rels/.rels", [_rels_xml(self.kept[""])])
        for key in order:
            info = self.members[key]
            write_member(out, info.filename, self.part_chunks(key, info))
            if self.kept[key]:
                write_member(out, rels_name(info.filename), [_rels_xml(self.kept[key])])

    def part_chunks(self, key, info):
        content_type = self.content_type(key)
        chunks = member_chunks(self.archive, info, self.budget)
        if content_type.endswith("xml") or key.endswith((".xml", ".vml")):
            kept_ids = {rel["Id"] for rel in self.kept[key] if "Id" in rel}
            return rewrite_xml(chunks, PartRules(kept_ids))
        # Pictures are recognised by their bytes: producers write "image/jpg", "image/x-png" …
        first = next(chunks, b"")
        chunks = itertools.chain([first], chunks)
        return _cleaned_image(chunks, self.budget) if sniff(first) == "image" else chunks

    def content_types_xml(self, order):
        extensions = {posixpath.splitext(key)[1][1:] for key in order}
        lines = [DECLARATION, f'<Types xmlns="{CONTENT_TYPES_NS}">']
        lines.append(f'<Default Extension="rels" ContentType="{RELS_TYPE}"/>')
        for extension, content_type in sorted(self.defaults.items()):
            if extension in extensions and extension != "rels":
                lines.append(f'<Default Extension="{_attribute(extension)}" ContentType="{_attribute(content_type)}"/>')
        for key in order:
            if key in self.overrides:
                name = _attribute("/" + self.members[key].filename)
                lines.append(f'<Override PartName="{name}" ContentType="{_attribute(self.overrides[key])}"/>')
        lines.append("</Types>")
        return "".join(lines).encode()


def _resolve(part, target):
    target = unquote(target.split("#", 1)[0])
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(part), target)
    path = posixpath.normpath(path)
    return "" if path.startswith("..") else path.lower()


def _is_index(key):
    return key.endswith(".rels") or key == CONTENT_TYPES.lower()


def _rels_xml(rels):
    lines = [DECLARATION, f'<Relationships xmlns="{RELATIONSHIPS_NS}">']
    for rel in rels:
        mode = ' TargetMode="External"' if "part" not in rel else ""
        lines.append(
            f'<Relationship Id="{_attribute(rel.get("Id", ""))}" Type="{_attribute(rel.get("Type", ""))}" '
            f'Target="{_attribute(rel.get("Target", ""))}"{mode}/>'
        )
    lines.append("</Relationships>")
    return "".join(lines).encode()


def _cleaned_image(chunks, budget):
    with tempfile.SpooledTemporaryFile(budget.limits.spool_bytes) as raw:
        for chunk in chunks:
            raw.write(chunk)
        raw.seek(0)
        with tempfile.SpooledTemporaryFile(budget.limits.spool_bytes) as clean:
            images.clean_image(raw, clean, None, budget.limits)
            clean.seek(0)
            yield from file_chunks(clean, budget.limits.chunk_size)


def clean_office(src, dst, limits=None, *, budget=None):
    """Write to ``dst`` a cleaned copy of the DOCX/XLSX/PPTX in ``src`` (binary, seekable files)."""
    budget = budget_for(limits, budget)
    with open_zip(src, budget) as archive:
        package = Package(archive, budget)
        package.walk(package.main_kind())
        with new_zip(dst) as out:
            package.write(out)
