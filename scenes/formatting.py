"""How large figures read: in Chinese 2,000,000 is 200 万 and 150,000,000 is 1.5 亿; on the English
site (/en/) they are 2 million and 150 million."""

from django.utils.translation import get_language

CHINESE_SIZES = ((100_000_000, "亿"), (10_000, "万"))
ENGLISH_SIZES = ((1_000_000_000, "billion"), (1_000_000, "million"))


def _shortened(count, sizes):
    for size, word in sizes:
        if count >= size:
            return f"{count / size:.1f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{count:,}"


def chinese_figure(count):
    """A number in 万/亿 when large (million/billion on the English site), with thousands
    separators otherwise: "200 万", "8,000"."""
    if count is None:
        return ""
    return _shortened(count, ENGLISH_SIZES if get_language() == "en" else CHINESE_SIZES)


def figure_with_unit(count, unit=""):
    """ "200 万户", "8,000 人": a space after digits, none between 万 and the unit."""
    figure = chinese_figure(count)
    if not figure or not unit:
        return figure
    return f"{figure}{unit}" if figure[-1] in "万亿" else f"{figure} {unit}"
