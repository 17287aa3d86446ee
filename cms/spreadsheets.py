"""Text for spreadsheet cells, once for every export: the admin's list exports (patched here), the
scene catalogue's export (scenes.exports) and the contest workbooks (contests.services.exports).

Two dangers, one function (``safe_cell_text``):

- Formula injection: Excel runs a cell that starts with = + - @ (and, pasted, tab or CR) as a
  formula, so a team named ``=HYPERLINK(...)`` would run when an organiser opens the file. Such text
  gets an apostrophe in front, the OWASP advice — in CSV and in XLSX alike.
- Characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF; lone
  surrogates) make openpyxl refuse the cell, and the whole download failed with a 500. Word's soft
  line break (vertical tab) becomes a line feed; the others are dropped.

Every Wagtail list with ``list_export`` (our contest, judging and taxonomy viewsets, and Wagtail's
own reports) writes its CSV and XLSX through ``SpreadsheetExportMixin``; ``protect_list_exports``
passes each of their text values through ``safe_cell_text``, whatever the viewset.
"""

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XML_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
SOFT_LINE_BREAK = "\x0b"  # what Word puts in text for Shift+Enter

_XML_FORBIDDEN = re.compile(f"[{XML_FORBIDDEN}]")
# One search finds everything that needs work; most text has none and is returned as it is.
_NEEDS_WORK = re.compile(f"^[=+\\-@\t\r]|[{XML_FORBIDDEN}]")


def safe_cell_text(text):
    """``text`` as a spreadsheet cell shows it and never evaluates it: XML-safe, no formula."""
    if not _NEEDS_WORK.search(text):
        return text
    text = _XML_FORBIDDEN.sub("", text.replace(SOFT_LINE_BREAK, "\n"))
    if text.startswith(FORMULA_TRIGGERS):
        text = "'" + text
    return text


def protect_list_exports():
    """Pass every text value of Wagtail's list exports (CSV and XLSX) through ``safe_cell_text``."""
    # Imported here: the admin needs the app registry, safe_cell_text must not.
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "writes_safe_cells", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        processed = original(self, field, value, export_format)
        return safe_cell_text(processed) if isinstance(processed, str) else processed

    preprocess_field_value.writes_safe_cells = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
