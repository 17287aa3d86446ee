"""How large figures read: in Chinese 2,000,000 is 200 万 and 150,000,000 is 1.5 亿; on the English
site (/en/) they are 2 million and 150 million."""

from django.utils.translation import get_language, pgettext_lazy

CHINESE_SIZES = ((100_000_000, "亿"), (10_000, "万"))
ENGLISH_SIZES = ((1_000_000_000, "billion"), (1_000_000, "million"))
# Units editors commonly write after a scene's beneficiaries; others are shown as written.
UNITS = {
    "人": pgettext_lazy("beneficiaries unit", "人"),
    "人次": pgettext_lazy("beneficiaries unit", "人次"),
    "户": pgettext_lazy("beneficiaries unit", "户"),
    "件": pgettext_lazy("beneficiaries unit", "件"),
    "笔": pgettext_lazy("beneficiaries unit", "笔"),
    "张": pgettext_lazy("beneficiaries unit", "张"),
    "对": pgettext_lazy("beneficiaries unit", "对"),
    "批次": pgettext_lazy("beneficiaries unit", "批次"),
    "车次": pgettext_lazy("beneficiaries unit", "车次"),
    "个泊位": pgettext_lazy("beneficiaries unit", "个泊位"),
    "家企业": pgettext_lazy("beneficiaries unit", "家企业"),
    "家餐饮单位": pgettext_lazy("beneficiaries unit", "家餐饮单位"),
    "平方公里": pgettext_lazy("beneficiaries unit", "平方公里"),
}


def localized_unit(unit):
    """``unit`` in English on the English site when it is one of the common ones."""
    return str(UNITS.get(unit, unit)) if get_language() == "en" else unit


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
    if get_language() == "en":
        return f"{figure} {localized_unit(unit)}"
    return f"{figure}{unit}" if figure[-1] in "万亿" else f"{figure} {unit}"
