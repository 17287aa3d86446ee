from django import template

from scenes.formatting import chinese_figure, figure_with_unit

register = template.Library()


@register.filter
def cn_figure(count):
    return chinese_figure(count)


@register.filter
def with_unit(count, unit):
    return figure_with_unit(count, unit)
