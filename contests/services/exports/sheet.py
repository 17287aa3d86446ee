"""What a worksheet is made of: columns (header, width, how values are converted) and two
callables, one counting the rows with a COUNT query and one streaming them as tuples."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

TEXT = "text"  # user input: neutralised
LABEL = "label"  # text we generated ourselves (names of choices, joined lists): still neutralised
INTEGER = "integer"
NUMBER = "number"  # written as is (General format)
DECIMAL1 = "0.0"
DECIMAL2 = "0.00"
ROUND2 = "round2"  # a plain number rounded to 2 places: as readable as a format, much cheaper to write
DATETIME = "datetime"
BOOLEAN = "boolean"
CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    kind: str = TEXT
    choices: tuple = ()  # for CHOICE columns: (value, label) pairs


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    count: Callable[[], int]
    rows: Callable[[], Iterable[tuple]]
    note: str = ""
    # A sheet whose data does not exist yet (a later issue): written with its headers and the note.
    placeholder: bool = False
    extra: dict = field(default_factory=dict)


def placeholder_sheet(title, columns, note):
    return Sheet(title=title, columns=columns, count=lambda: 0, rows=lambda: iter(()), note=note, placeholder=True)


class Grouped:
    """A stream of ``(id, value)`` pairs ordered by id, consumed alongside rows ordered by the same id.

    ``take(id)`` returns the values of that id. Both sides stream, so a one-to-many relation (an
    entry's files, its data resources) joins without loading either side into memory.
    """

    def __init__(self, pairs):
        self._pairs = iter(pairs)
        self._pending = next(self._pairs, None)

    def take(self, key):
        values = []
        while self._pending is not None and self._pending[0] < key:
            self._pending = next(self._pairs, None)
        while self._pending is not None and self._pending[0] == key:
            values.append(self._pending[1])
            self._pending = next(self._pairs, None)
        return values
