"""``{% team_status entry as status %}``: the entry status a team may see (results announced only
once published); see contests/services/outcomes/team_status.py."""

from django import template

from contests.services.outcomes.team_status import team_visible_status

register = template.Library()


@register.simple_tag
def team_status(entry):
    value, label = team_visible_status(entry)
    return {"value": value, "label": label}
