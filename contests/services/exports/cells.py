"""Turning database values into safe worksheet cells.

Excel has no time zones and runs whatever looks like a formula, so every value passes through a
converter chosen once per column: user text is neutralised (``cms.spreadsheets.safe_cell_text``: a
leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets an apostrophe in front, the OWASP
advice for spreadsheet injection, and characters XML forbids are dropped; always written as a
string, CRs as the LFs a reader sees, never longer than Excel allows), aware datetimes become naive
Asia/Shanghai wall-clock times, choices become their Chinese labels. Numbers are never touched: a
negative score stays a number.
"""

import datetime
from zoneinfo import ZoneInfo

from openpyxl.cell import WriteOnlyCell

from cms.spreadsheets import safe_cell_text

SHANGHAI = ZoneInfo("Asia/Shanghai")
DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"  # openpyxl's own format for datetimes
# Excel refuses longer cell text; the database fields are shorter, this guards imports from elsewhere.
MAX_CELL_TEXT = 32_767


def neutralise(value):
    """User text as a string Excel will show and never evaluate."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    if not text:
        return None  # an empty cell, not an empty string
    text = safe_cell_text(text)
    if "\r" in text:
        # XML turns a bare CR into LF on reading anyway; write what will be read.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text or None


def to_local_naive(value):
    """An aware datetime as naive Asia/Shanghai time (23:30 UTC → 07:30 the next day)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(SHANGHAI).replace(tzinfo=None)
        return value
    return value


class Converters:
    """Per-worksheet cell factories. Styled cells (dates, formatted numbers) must be bound to the
    worksheet they are written to, hence one instance per sheet."""

    def __init__(self, worksheet):
        self.ws = worksheet

    def text(self, value):
        return neutralise(value)

    @staticmethod
    def datetime(value):
        # A plain naive datetime: openpyxl gives it its date-time format itself. A pre-styled cell
        # per value would cost more than the rest of the row (see bench/README.md).
        if value is None:
            return None
        if value.tzinfo is not None:
            return value.astimezone(SHANGHAI).replace(tzinfo=None)
        return value

    def number(self, value, number_format):
        if value is None:
            return None
        cell = WriteOnlyCell(self.ws, value=value)
        cell.number_format = number_format
        return cell

    @staticmethod
    def rounded(value, places):
        return None if value is None else round(value, places)

    @staticmethod
    def boolean(value):
        if value is None:
            return None
        return "是" if value else "否"

    @staticmethod
    def labels(choices):
        """A converter mapping stored choice values to their (already translated) labels."""
        mapping = {value: str(label) for value, label in choices}

        def convert(value):
            if value is None or value == "":
                return None
            return mapping.get(value, neutralise(value))

        return convert
