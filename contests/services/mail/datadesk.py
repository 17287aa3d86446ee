"""E-mails of the data desk. Called by ``contests.tasks.datadesk`` only, never from a request.

new → the unit's members (a request to answer); decision, revoked → the team; reminder → the
unit's members (due within a working day); escalation → the organisers (overdue)."""

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from cms.links import absolute_url
from contests.services.mail.appeals import organiser_addresses
from contests.services.mail.teams import send_to_team
from contests.services.submission import format_beijing_time

PREFIX = "contests/datadesk/emails"
KINDS = ("new", "decision", "revoked", "reminder", "escalation")


def unit_addresses(unit):
    addresses = sorted(
        {email for email in unit.members.filter(user__is_active=True).values_list("user__email", flat=True) if email}
    )
    # A unit nobody acts for yet is reached through its contact address.
    return addresses or ([unit.contact_email] if unit.contact_email else [])


def _send(prefix, context, addresses):
    subject = "".join(render_to_string(f"{prefix}_subject.txt", context).splitlines())
    body = render_to_string(f"{prefix}_body.txt", context)
    messages = [EmailMessage(subject, body, None, [address]) for address in addresses]
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)


def send_data_request_mail(request, kind):
    if kind not in KINDS:
        raise ValueError(f"unknown data desk e-mail {kind!r}")
    offer = request.offer
    context = {
        "request": request,
        "offer": offer,
        "resource": offer.resource,
        "challenge": offer.challenge,
        "unit": offer.challenge.unit,
        "contest": request.team.contest,
        "due": format_beijing_time(request.due_at),
        "access_ends": format_beijing_time(request.access_ends_at) if request.access_ends_at else "",
        "site_url": absolute_url(""),
    }
    prefix = f"{PREFIX}/{kind}"
    if kind in ("decision", "revoked"):
        return send_to_team(request.team, prefix, context)
    if kind == "escalation":
        return _send(prefix, {**context, "team": request.team}, organiser_addresses())
    return _send(prefix, {**context, "team": request.team}, unit_addresses(offer.challenge.unit))
