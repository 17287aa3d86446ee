"""The one workbook writer: openpyxl in write-only mode, so rows stream to disk and memory stays
flat whatever the size of the contest.

Write-only sheets cannot be revisited, so everything about a sheet's layout (column widths, frozen
header) is set before its first row, and the auto-filter (written at the end of the sheet's XML)
once the last row is known. The cover sheet is written last, with the row counts actually
written, and inserted in front of the data sheets.
"""

from contextlib import suppress

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from contests.services.exports import sheet as kinds
from contests.services.exports.cells import Converters, neutralise

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
NOTE_FONT = Font(italic=True, color="7F7F7F")
TITLE_FONT = Font(bold=True, size=14)
# Progress is reported at most once per this many rows, never per row.
PROGRESS_EVERY = 1000
# Excel's limit on sheet names, and characters it refuses in them.
_SHEET_TITLE_MAX = 31
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def sheet_title(text, taken):
    title = str(text).translate(_SHEET_TITLE_FORBIDDEN)[:_SHEET_TITLE_MAX]
    base, n = title, 2
    while title in taken:
        suffix = f"({n})"
        title = base[: _SHEET_TITLE_MAX - len(suffix)] + suffix
        n += 1
    return title


class ProgressCounter:
    """Counts written rows and calls ``callback(done)`` every ``every`` rows."""

    def __init__(self, callback=None, every=PROGRESS_EVERY):
        self.callback = callback
        self.every = every
        self.done = 0
        self._next_report = every

    def add(self, n=1):
        self.done += n
        if self.callback is not None and self.done >= self._next_report:
            self._next_report = self.done + self.every
            self.callback(self.done)


class WorkbookWriter:
    def __init__(self, progress=None):
        self.wb = Workbook(write_only=True)
        self.progress = progress or ProgressCounter()
        self.written = []  # (title, rows, note) in writing order, for the cover

    def _header(self, ws, columns):
        cells = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=neutralise(str(column.header)))
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = HEADER_ALIGNMENT
            cells.append(cell)
        return cells

    def _converters(self, ws, columns):
        convert = Converters(ws)
        plan = []
        for index, column in enumerate(columns):
            kind = column.kind
            if kind in (kinds.TEXT, kinds.LABEL):
                plan.append((index, convert.text))
            elif kind == kinds.DATETIME:
                plan.append((index, convert.datetime))
            elif kind.startswith("0"):  # a number format: DECIMAL1, DECIMAL2, "0.0%"…
                plan.append((index, lambda value, fmt=kind: convert.number(value, fmt)))
            elif kind == kinds.ROUND2:
                plan.append((index, lambda value: convert.rounded(value, 2)))
            elif kind == kinds.BOOLEAN:
                plan.append((index, convert.boolean))
            elif kind == kinds.CHOICE:
                plan.append((index, convert.labels(column.choices)))
            # INTEGER and NUMBER are written as they come.
        return plan

    def write_sheet(self, spec):
        """Stream one sheet; return the number of data rows written."""
        ws = self.wb.create_sheet(sheet_title(spec.title, {t for t, _r, _n in self.written}))
        columns = spec.columns
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        ws.append(self._header(ws, columns))
        plan = self._converters(ws, columns)
        count = 0
        progress = self.progress
        append = ws.append
        for raw in spec.rows():
            row = list(raw)
            for index, convert in plan:
                row[index] = convert(row[index])
            append(row)
            count += 1
            if count % 100 == 0:
                progress.add(100)
        progress.add(count % 100)
        if spec.note:
            # Below the data, outside the filtered range.
            note = WriteOnlyCell(ws, value=neutralise(str(spec.note)))
            note.font = NOTE_FONT
            append([])
            append([note])
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
        self.written.append((ws.title, count, spec.note))
        return count

    def write_cover(self, title, facts, *, sheet_header, rows_header, sheet_note_header):
        """The first sheet: what was exported, with which filters, when, and how many rows each sheet has."""
        ws = self.wb.create_sheet(sheet_title(title, {t for t, _r, _n in self.written}), 0)
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 40
        ws.column_dimensions["C"].width = 60
        heading = WriteOnlyCell(ws, value=neutralise(str(title)))
        heading.font = TITLE_FONT
        ws.append([heading])
        ws.append([])
        for label, value in facts:
            key = WriteOnlyCell(ws, value=str(label))
            key.font = Font(bold=True)
            if hasattr(value, "tzinfo"):
                value = Converters.datetime(value)
            elif isinstance(value, int | float):
                pass
            else:
                value = neutralise(str(value)) if value is not None else ""
            ws.append([key, value])
        ws.append([])
        header = []
        for text in (sheet_header, rows_header, sheet_note_header):
            cell = WriteOnlyCell(ws, value=str(text))
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            header.append(cell)
        ws.append(header)
        for name, count, note in self.written:
            ws.append([neutralise(name), count, neutralise(str(note)) if note else ""])
        self.wb.active = 0

    def save(self, path):
        self.wb.save(path)

    def discard(self):
        """After a failed build: finish and delete the sheets' temporary files now, rather than
        leaving half-open XML streams to the garbage collector (which complains) and files to exit."""
        for ws in self.wb._sheets:
            writer = getattr(ws, "_writer", None)
            if writer is None:
                continue
            with suppress(Exception):
                if not ws.closed:
                    ws.close()
            with suppress(Exception):
                writer.cleanup()
