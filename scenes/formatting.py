"""How large figures read in Chinese: 2,000,000 is 200 万, 150,000,000 is 1.5 亿."""


def chinese_figure(count):
    """A number in 万/亿 when large, with thousands separators otherwise: "200 万", "8,000"."""
    if count is None:
        return ""
    for size, word in ((100_000_000, "亿"), (10_000, "万")):
        if count >= size:
            return f"{count / size:.1f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{count:,}"


def figure_with_unit(count, unit=""):
    """ "200 万户", "8,000 人": a space after digits, none between 万 and the unit."""
    figure = chinese_figure(count)
    if not figure or not unit:
        return figure
    return f"{figure}{unit}" if figure[-1] in "万亿" else f"{figure} {unit}"
