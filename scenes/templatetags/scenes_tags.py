from django import template
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from scenes.formatting import chinese_figure, figure_with_unit, localized_unit

register = template.Library()


@register.filter
def cn_figure(count):
    return chinese_figure(count)


@register.filter
def with_unit(count, unit):
    return figure_with_unit(count, unit)


@register.filter
def unit_name(unit):
    return localized_unit(unit)


# A card's responsive cover: three formats × two sizes, as {% picture %} would render it. The Filter
# objects are made once per process: each parses its spec (through inspect) on first use, which
# {% picture %} repeats for every card — 72 parses on a page of 12 cards.
CARD_FILTERS = tuple(Filter(spec) for spec in Filter.expand_spec("format-{avif,webp,jpeg}|fill-{400x225,800x450}"))
CARD_SIZES = "(max-width: 640px) 100vw, 380px"


@register.simple_tag
def card_picture(image):
    """The <picture> of a card's cover image (nothing without an image)."""
    if not image:
        return ""
    attrs = {"sizes": CARD_SIZES, "alt": image.description, "loading": "lazy", "class": "card-image"}
    return Picture(get_renditions_or_not_found(image, CARD_FILTERS), attrs).__html__()


# A facet lists its first options; the rest fold behind "显示更多" (a <details>), but a selected
# option is never folded away: the visitor must see what filters the list.
FACET_VISIBLE_OPTIONS = 8


@register.filter
def facet_split(options, visible=FACET_VISIBLE_OPTIONS):
    """(shown, folded) options of a facet; nothing folded when only one or two would be."""
    options = list(options)
    if len(options) <= int(visible) + 2:
        return options, []
    shown = [option for index, option in enumerate(options) if index < int(visible) or option.selected]
    folded = [option for index, option in enumerate(options) if index >= int(visible) and not option.selected]
    return shown, folded
