"""What survives in a cleaned Office file (DOCX, XLSX, PPTX): the relationship types kept, and the
rules applied to every kept XML part (see ``xmlfilter``).

The package is cleaned by ALLOW-LIST: only parts reached from the main document through one of
``KEPT_RELATIONSHIPS`` survive. Everything else is dropped unread: document properties (core, app,
custom), thumbnails, customXml, people/persons, threaded comments, comment authors, revision logs
and user names, external links, printer settings, web settings, glossary, attached templates,
mail-merge sources, embedded objects and packages, ActiveX, macros, tags, connections.

Inside the kept parts, identity is removed in place:

* Word: ``w:author``/``w:initials`` blanked (comments, tracked changes), ``w:date``/``w:dateUtc``
  and permission editors dropped; ``w:attachedTemplate``, ``w:docVars``, ``w:mailMerge`` and the
  document ids dropped from the settings;
* Excel: legacy comment ``<author>`` names blanked, pivot cache ``refreshedBy`` dropped,
  ``fileSharing`` (user name), ``x15ac:absPath`` (the author's folder), the revision pointer and
  the external references dropped, and formulas/defined names that point into an external workbook
  dropped (their cached values stay, so the cells still show what the team saw);
* everywhere: a reference (``r:id``, ``r:embed``, ``r:link``, ``o:relid`` …) to a dropped
  relationship is removed with its element, or alone where the element is fine without it
  (hyperlinks, pictures); any attribute value that is a local file path (``C:\\…``, ``\\\\host\\…``,
  ``file:``) is blanked, and so are Word field codes (``INCLUDEPICTURE`` …) that name one.

External relationships are dropped, except hyperlinks to http(s) and mailto: a hyperlink is part of
what the team wrote (and visible as text), while a remote template or a linked picture is fetched
when the judge opens the file, which would tell its server who is reading and when.
"""

import re

_NS = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
    "http://purl.oclc.org/ooxml/wordprocessingml/main": "w",
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "x",
    "http://purl.oclc.org/ooxml/spreadsheetml/main": "x",
    "http://schemas.openxmlformats.org/presentationml/2006/main": "p",
    "http://purl.oclc.org/ooxml/presentationml/main": "p",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
    "http://purl.oclc.org/ooxml/officeDocument/relationships": "r",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "c",
    "http://purl.oclc.org/ooxml/drawingml/chart": "c",
    "urn:schemas-microsoft-com:office:office": "o",
    "http://schemas.microsoft.com/office/word/2010/wordml": "w14",
    "http://schemas.microsoft.com/office/word/2012/wordml": "w15",
    "http://schemas.microsoft.com/office/word/2023/wordml/word16du": "w16du",
    "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac": "x15ac",
    "http://schemas.microsoft.com/office/spreadsheetml/2014/revision": "xr",
}

_COMMON = {
    "officeDocument", "styles", "stylesWithEffects", "theme", "themeOverride", "image", "hyperlink",
    "chart", "chartUserShapes", "chartStyle", "chartColorStyle", "diagramData", "diagramLayout",
    "diagramQuickStyle", "diagramColors", "diagramDrawing", "media", "video", "audio",
}  # fmt: skip
KEPT_RELATIONSHIPS = {
    "word": _COMMON | {"settings", "fontTable", "numbering", "footnotes", "endnotes", "header", "footer",
                       "comments", "font"},
    "sheet": _COMMON | {"worksheet", "chartsheet", "dialogsheet", "sharedStrings", "table", "drawing",
                        "vmlDrawing", "comments", "pivotTable", "pivotCacheDefinition", "pivotCacheRecords",
                        "sheetMetadata", "slicer", "slicerCache", "timeline", "timelineCache"},
    # Comments are left out of presentations: their authors list is a separate part that must go.
    "slides": _COMMON | {"slide", "slideLayout", "slideMaster", "notesMaster", "notesSlide", "handoutMaster",
                         "presProps", "viewProps", "tableStyles", "font"},
}  # fmt: skip
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")

_DROP_ELEMENTS = {
    ("w", "attachedTemplate"), ("w", "docVars"), ("w", "mailMerge"), ("w14", "docId"), ("w15", "docId"),
    ("x", "fileSharing"), ("x", "externalReferences"), ("x15ac", "absPath"), ("xr", "revisionPtr"),
    ("x", "oleObjects"), ("x", "controls"), ("x", "customProperties"), ("o", "OLEObject"),
    ("c", "externalData"),
}  # fmt: skip
# (family, local) of attributes: a qualified attribute's own namespace, else its element's.
_BLANK_ATTRIBUTES = {("w", "author"), ("w", "initials")}
_DROP_ATTRIBUTES = {("w", "date"), ("w16du", "dateUtc"), ("w", "ed"), ("x", "refreshedBy")}
# Elements that stay, without the attribute, when the relationship they name was dropped.
_OPTIONAL_REFERENCE = {
    "hyperlink", "blip", "imagedata", "hlinkClick", "hlinkHover", "hlinkMouseOver", "fill", "stroke",
    "pageSetup", "oleObj",
}  # fmt: skip
LOCAL_PATH = re.compile(r"(?i)\b[a-z]:[\\/]|\\\\\w|file:")
# "[1]Sheet1!A1", "'[1]Sheet 1'!A1", "[1]!Name": a workbook index; not a table column "[1]]" or "[1],".
_EXTERNAL_FORMULA = re.compile(r"\[\d+\](?![\],])")


def family(uri):
    return _NS.get(uri, uri)


class PartRules:
    """The rules for one kept XML part, knowing which relationship ids of the part survived."""

    def __init__(self, kept_ids):
        self.kept_ids = kept_ids
        self.dropped_shared_formulas = set()

    def start(self, uri, local, attrs):
        element = family(uri)
        if (element, local) in _DROP_ELEMENTS:
            return None
        kept = []
        for attr_uri, attr_local, prefix, value in attrs:
            attr = family(attr_uri) if attr_uri else element
            if attr == "r" or (attr, attr_local) == ("o", "relid"):
                if value not in self.kept_ids:
                    if local in _OPTIONAL_REFERENCE:
                        continue
                    return None
            elif (attr, attr_local) in _DROP_ATTRIBUTES:
                continue
            elif (attr, attr_local) in _BLANK_ATTRIBUTES or LOCAL_PATH.search(value):
                value = ""
            kept.append((attr_uri, attr_local, prefix, value))
        return kept

    def buffered(self, uri, local):
        return (family(uri), local) in {("x", "author"), ("x", "f"), ("x", "definedName"), ("w", "instrText")}

    def finish(self, uri, local, attrs, text):
        if local == "author":
            return ""
        if local == "instrText":
            return "" if LOCAL_PATH.search(text) else text
        values = {attr_local: value for _uri, attr_local, _prefix, value in attrs}
        if local == "f" and values.get("t") == "shared" and values.get("si") in self.dropped_shared_formulas:
            return None
        if _EXTERNAL_FORMULA.search(text):
            if local == "f" and values.get("t") == "shared" and "si" in values:
                self.dropped_shared_formulas.add(values["si"])
            return None
        return text
