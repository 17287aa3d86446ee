"""Formula injection in the admin's list exports.

Every Wagtail list with ``list_export`` (our contest, judging and taxonomy viewsets, and Wagtail's
own reports) offers CSV and XLSX downloads through ``SpreadsheetExportMixin``. Wagtail already
writes XLSX cells that look like formulas as text, but writes CSV cells as they are, so a team
named ``=HYPERLINK(...)`` would run as a formula when an organiser opens the CSV in Excel. One patch
here neutralises CSV cells the OWASP way (an apostrophe before a leading = + - @ tab or CR),
whatever the viewset; our own exports (contests.services.exports, scenes.exports) do the same.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def protect_csv_exports():
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        processed = original(self, field, value, export_format)
        return neutralise_cell(processed) if export_format == self.FORMAT_CSV else processed

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
