"""``{{ value|score }}``: a criterion score as people write it ("22", "21.5"; "—" when missing)."""

from django import template

from contests.services.judging.scoring import format_score

register = template.Library()


@register.filter
def score(value):
    return format_score(value) if value is not None else "—"
