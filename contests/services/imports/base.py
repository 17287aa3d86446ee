"""Reading an organiser's workbook and checking every row before anything is written.

A ``Column`` names its Chinese header and how a cell is parsed; ``read_rows`` maps headers to
columns (a trailing "*" or a note in brackets is ignored, so the template's headers match) and
returns the rows with their Excel row numbers. Every problem becomes a ``RowError`` (row, column,
message in Chinese); the importers write nothing unless there are none, or the organiser chose to
import only the valid rows.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

TEXT, EMAIL, INTEGER, DATETIME, LIST, CHOICE = "text", "email", "integer", "datetime", "list", "choice"
LIST_SEPARATORS = re.compile(r"[;；,，、\n]+")
_HEADER_NOTE = re.compile(r"[（(].*?[)）]")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    kind: str = TEXT
    max_length: int | None = None
    help: str = ""
    choices: tuple = ()  # for CHOICE: (value, label) pairs; the cell holds the label (or the value)


@dataclass(frozen=True, order=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("第 %(row)s 行「%(column)s」：%(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    errors: list = field(default_factory=list)
    rows: int = 0  # data rows read
    valid_rows: int = 0
    written: bool = False
    counts: dict = field(default_factory=dict)  # "created"/"updated"/"unchanged" → number (by row)

    @property
    def ok(self):
        return not self.errors

    def count(self, outcome):
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    def sorted_errors(self):
        return sorted(self.errors)


class ImportFileError(Exception):
    """The file is not a readable .xlsx workbook, or lacks the data sheet."""


def normalise_header(text):
    return _HEADER_NOTE.sub("", str(text or "")).replace("*", "").strip()


def read_rows(file, columns, *, sheet_name):
    """(rows, errors): rows are (row number, {key: raw value}) for every non-empty row."""
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("无法读取文件，请上传由模板填写的 .xlsx 工作簿。")) from exc
    try:
        ws = wb[sheet_name] if sheet_name in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or ()
        positions = {}
        by_header = {column.header: column for column in columns}
        for index, text in enumerate(header):
            column = by_header.get(normalise_header(text))
            if column is not None and column.key not in positions:
                positions[column.key] = index
        errors = [
            RowError(1, column.header, _("缺少此列，请使用导入模板。"))
            for column in columns
            if column.required and column.key not in positions
        ]
        data = []
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            data.append((number, {key: values[i] if i < len(values) else None for key, i in positions.items()}))
        return data, errors
    finally:
        wb.close()


def parse(column, raw):
    """(value, error message or None) of one cell."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        if column.required:
            return None, _("必填，不能为空。")
        return ([] if column.kind == LIST else None), None
    kind = column.kind
    if kind == INTEGER:
        if isinstance(raw, bool):
            return None, _("应为整数。")
        if isinstance(raw, int | float | Decimal) and float(raw).is_integer() and raw >= 0:
            return int(raw), None
        if isinstance(raw, str) and raw.isdigit():
            return int(raw), None
        return None, _("应为不小于 0 的整数，而不是“%(value)s”。") % {"value": raw}
    if kind == DATETIME:
        return parse_datetime(raw)
    text = str(raw).strip() if not isinstance(raw, str) else raw
    if kind == EMAIL:
        text = text.lower()
        try:
            validate_email(text)
        except ValidationError:
            return None, _("“%(value)s”不是有效的电子邮箱。") % {"value": text}
        return text, None
    if kind == LIST:
        return [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()], None
    if kind == CHOICE:
        for value, label in column.choices:
            if text in (str(label), value):
                return value, None
        allowed = "、".join(str(label) for _value, label in column.choices)
        return None, _("“%(value)s”不是可选值，可选：%(allowed)s。") % {"value": text, "allowed": allowed}
    if column.max_length and len(text) > column.max_length:
        return None, _("最多 %(max)s 个字，现有 %(n)s 个。") % {"max": column.max_length, "n": len(text)}
    return text, None


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y.%m.%d")


def parse_datetime(raw):
    """Excel dates are naive Beijing time; text may be 2026-03-01 or 2026-03-01 14:30 (or with /)."""
    if isinstance(raw, datetime.datetime):
        value = raw
    elif isinstance(raw, datetime.date):
        value = datetime.datetime.combine(raw, datetime.time())
    else:
        text = str(raw).strip()
        for fmt in _DATE_FORMATS:
            try:
                value = datetime.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            return None, _("“%(value)s”不是有效的日期，请写成 2026-03-01 或 2026-03-01 14:30。") % {"value": text}
    return timezone.make_aware(value, timezone.get_default_timezone()), None


def parse_row(columns, number, raw):
    """(values, errors) of one row: every column's problem, not just the first."""
    values, errors = {}, []
    for column in columns:
        value, problem = parse(column, raw.get(column.key))
        if problem:
            errors.append(RowError(number, column.header, problem))
        values[column.key] = value
    return values, errors


def duplicates(rows, key, column, *, what):
    """Errors for rows whose ``key`` value repeats an earlier row's (case-insensitive)."""
    seen, errors = {}, []
    for number, values in rows:
        value = values.get(key)
        if not value:
            continue
        folded = str(value).casefold()
        if folded in seen:
            errors.append(
                RowError(number, column, _("%(what)s与第 %(row)s 行重复。") % {"what": what, "row": seen[folded]})
            )
        else:
            seen[folded] = number
    return errors
