"""Geometry of the server-rendered SVG bar charts on the statistics page (no JavaScript, no build).

A chart is computed here as plain numbers; templates/components/bar_chart.html draws it as inline
SVG next to a data table holding the same figures for screen readers and copying.
"""

from dataclasses import dataclass

ROW_HEIGHT = 28
BAR_THICKNESS = 18
LABEL_WIDTH = 128  # room for about eight Chinese characters at 14px
BAR_AREA = 400
VALUE_GAP = 6
WIDTH = LABEL_WIDTH + BAR_AREA + 64  # and room for the value after the longest bar
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    key: str
    width: float
    y: float  # top of the bar
    text_y: float  # baseline of the label and the value

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + VALUE_GAP


@dataclass(frozen=True)
class BarChart:
    slug: str  # unique on the page: element ids derive from it
    title: str
    label_heading: str  # the table's first column (城市, 领域, …)
    bars: list
    filter_key: str = ""  # the listing's query parameter for a row's key ("node", "domain", …)
    note: str = ""

    label_x = LABEL_WIDTH - 8
    bar_x = LABEL_WIDTH
    width = WIDTH

    @property
    def height(self):
        return TOP * 2 + ROW_HEIGHT * max(len(self.bars), 1)

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)

    @property
    def largest(self):
        return max(self.bars, key=lambda bar: bar.value, default=None)


def bar_chart(slug, title, label_heading, rows, *, filter_key="", note=""):
    """A horizontal bar chart of ``rows`` (objects with label, value, key), in the given order.

    Bars scale to the largest value; a zero keeps its row and label with no bar, so a city without
    scenes is visible as such rather than missing.
    """
    largest = max((row.value for row in rows), default=0)
    bars = []
    for index, row in enumerate(rows):
        top = TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_THICKNESS) / 2
        width = round(BAR_AREA * row.value / largest, 1) if largest else 0
        bars.append(Bar(row.label, row.value, row.key, width, top, top + BAR_THICKNESS - 4))
    return BarChart(slug, title, label_heading, bars, filter_key=filter_key, note=note)
