"""E-mails about entries (receipts, eligibility decisions, deadline reminders) to a whole team.

Called by the Celery tasks in ``contests.tasks.mail`` only, so a slow mail server never slows a page.
Each member gets their own message: addresses are not shown to each other.
"""

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from cms.links import absolute_url


def team_addresses(team):
    return list(team.memberships.filter(user__is_active=True).order_by("pk").values_list("user__email", flat=True))


def send_to_team(team, template_prefix, context):
    """Render ``<prefix>_subject.txt`` / ``<prefix>_body.txt`` once and send one message per member."""
    context = {"team": team, "site_url": absolute_url(""), **context}
    subject = "".join(render_to_string(f"{template_prefix}_subject.txt", context).splitlines())
    body = render_to_string(f"{template_prefix}_body.txt", context)
    messages = [EmailMessage(subject, body, None, [address]) for address in team_addresses(team)]
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)
