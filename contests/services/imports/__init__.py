"""Imports from Excel: every row checked first, a row-by-row error report in Chinese, nothing
written unless all rows are valid (or the organiser imports only the valid ones), idempotent
upserts. ``teams`` (teams and entries migrated from a previous system), ``judges``; ``template``
builds the downloadable templates."""

from contests.services.imports.base import ImportFileError, ImportReport, RowError
from contests.services.imports.judges import import_judges
from contests.services.imports.teams import import_teams

IMPORTERS = {"teams": import_teams, "judges": import_judges}

__all__ = ["IMPORTERS", "ImportFileError", "ImportReport", "RowError", "import_judges", "import_teams"]
