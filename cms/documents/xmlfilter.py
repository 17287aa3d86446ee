"""A streaming XML rewriter: parse with expat chunk by chunk, write the same document back with
elements and attributes removed or changed by a set of rules. Memory stays bounded whatever the
size of the part (a 50 MB worksheet is never held whole).

What is kept is written back faithfully: the same prefixes and namespace declarations, text
re-escaped, UTF-8 with a standard declaration. XML comments and processing instructions are
dropped (they are never needed to render and can carry anything). A DOCTYPE is refused: OOXML
never has one, and entity declarations are how XML bombs expand.

Rules are an object with three methods (see ``office.PartRules``):

* ``start(uri, local, attrs) -> attrs | None``: the attributes to keep, or None to drop the element
  and everything inside it; ``attrs`` is a list of ``(uri, local, prefix, value)``;
* ``buffered(uri, local) -> bool``: hold this (leaf) element until its end, to decide on its text;
* ``finish(uri, local, attrs, text) -> str | None``: the text to write, or None to drop the element.
"""

from xml.parsers import expat

from django.utils.translation import gettext as _

from cms.documents.limits import DocumentRejected, corrupt

_FLUSH_AT = 64 * 1024
# A held (buffered) leaf longer than this is refused: held text is the one thing kept in memory.
_MAX_HELD = 1024 * 1024
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _refuse_dtd(*_args):
    raise corrupt()


def new_parser():
    """An expat parser reporting names as ``"uri local prefix"`` that refuses any DTD."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.namespace_prefixes = True
    parser.ordered_attributes = True
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    return parser


def split_name(name):
    """``(uri, local, prefix)`` of an expat name; missing parts are empty strings."""
    parts = name.split(" ")
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[0], parts[1], ""
    return "", parts[0], ""


def qualified(local, prefix):
    return f"{prefix}:{local}" if prefix else local


class _Rewriter:
    def __init__(self, rules):
        self.rules = rules
        self.out = [DECLARATION]
        self.size = 0
        self.skip_depth = 0
        self.pending_ns = []
        self.held = None  # a buffered leaf: [uri, local, prefix, attrs, declarations, text pieces]
        self.held_size = 0
        self.stack = []
        self.tag_open = False  # the last start tag still lacks its ">" (it may become "/>")

    def emit(self, text):
        if self.tag_open:
            self.out.append(">")
            self.tag_open = False
        self.out.append(text)
        self.size += len(text)

    def take(self):
        data = "".join(self.out).encode()
        self.out, self.size = [], 0
        return data

    def namespace(self, prefix, uri):
        if not self.skip_depth:
            self.pending_ns.append((prefix, uri))

    def _open(self, local, prefix, attrs, declarations):
        """Write a start tag without its closing ">"."""
        pieces = [f"<{qualified(local, prefix)}"]
        for ns_prefix, uri in declarations:
            name = f"xmlns:{ns_prefix}" if ns_prefix else "xmlns"
            pieces.append(f' {name}="{(uri or "").translate(_ATTR_ESCAPES)}"')
        for _uri, attr_local, attr_prefix, value in attrs:
            pieces.append(f' {qualified(attr_local, attr_prefix)}="{value.translate(_ATTR_ESCAPES)}"')
        self.emit("".join(pieces))
        self.tag_open = True
        self.stack.append((local, prefix))

    def _close(self):
        local, prefix = self.stack.pop()
        if self.tag_open:
            self.out.append("/>")
            self.tag_open = False
        else:
            self.emit(f"</{qualified(local, prefix)}>")

    def _write_held(self, text):
        _uri, local, prefix, attrs, declarations, _pieces = self.held
        self.held = None
        self._open(local, prefix, attrs, declarations)
        if text:
            self.emit(text.translate(_TEXT_ESCAPES))

    def start(self, name, flat_attrs):
        if self.skip_depth:
            self.skip_depth += 1
            return
        if self.held is not None:  # the "leaf" has children after all: write it as it is
            self._write_held("".join(self.held[5]))
        uri, local, prefix = split_name(name)
        attrs = [(*split_name(flat_attrs[i]), flat_attrs[i + 1]) for i in range(0, len(flat_attrs), 2)]
        declarations, self.pending_ns = self.pending_ns, []
        kept = self.rules.start(uri, local, attrs)
        if kept is None:
            self.skip_depth = 1
            return
        if self.rules.buffered(uri, local):
            self.held = [uri, local, prefix, kept, declarations, []]
            self.held_size = 0
            return
        self._open(local, prefix, kept, declarations)

    def end(self, _name):
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if self.held is not None:
            uri, local, _prefix, attrs, _declarations, pieces = self.held
            new_text = self.rules.finish(uri, local, attrs, "".join(pieces))
            if new_text is None:
                self.held = None
                return
            self._write_held(new_text)
        self._close()

    def text(self, data):
        if self.skip_depth:
            return
        if self.held is not None:
            self.held[5].append(data)
            self.held_size += len(data)
            if self.held_size > _MAX_HELD:
                raise DocumentRejected(_("文档中的某个部分过大，无法处理。"), code="too_large")
        elif self.stack:  # whitespace outside the root element is dropped
            self.emit(data.translate(_TEXT_ESCAPES))


def rewrite_xml(chunks, rules):
    """The rewritten document, in chunks of UTF-8 bytes, from ``chunks`` of the original."""
    rewriter = _Rewriter(rules)
    parser = new_parser()
    parser.StartNamespaceDeclHandler = rewriter.namespace
    parser.StartElementHandler = rewriter.start
    parser.EndElementHandler = rewriter.end
    parser.CharacterDataHandler = rewriter.text
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            if rewriter.size > _FLUSH_AT:
                yield rewriter.take()
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise corrupt() from exc
    yield rewriter.take()
