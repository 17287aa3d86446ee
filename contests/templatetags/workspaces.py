"""``{% workspaces as spaces %}``: the signed-in user's entry points (portal, judging, admin), for the
site header and the chooser page; see contests/services/accounts.py ``workspaces_for``."""

from django import template

from contests.services.accounts import workspaces_for

register = template.Library()


@register.simple_tag(takes_context=True)
def workspaces(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    # Once per request: the header and the page body may both ask.
    if not hasattr(request, "_workspaces"):
        request._workspaces = workspaces_for(request.user)
    return request._workspaces
