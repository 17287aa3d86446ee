"""Contest exports to Excel: one service used by the Celery task, the admin and ``export_contest``.

Layout: one module per sheet kind (``entries``, ``participants``, ``scores``, ``results``,
``judges``, ``appeals``), each returning ``Sheet`` specs (columns + a COUNT + a row stream);
``writer`` streams them into a write-only openpyxl workbook with ``cells`` keeping every value
safe; ``workbook`` assembles a kind; ``jobs`` runs the ``ExportJob`` lifecycle.
"""

from contests.services.exports.context import FILTER_KEYS, ExportContext, ExportParameterError
from contests.services.exports.workbook import KINDS, BuildResult, build_workbook, default_filename

__all__ = [
    "FILTER_KEYS",
    "KINDS",
    "BuildResult",
    "ExportContext",
    "ExportParameterError",
    "build_workbook",
    "default_filename",
]
