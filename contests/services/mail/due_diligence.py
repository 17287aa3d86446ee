"""E-mails of winner due diligence. Called by ``contests.tasks.due_diligence`` only, never from a request."""

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from cms.links import absolute_url
from contests.services.mail.appeals import organiser_addresses
from contests.services.mail.teams import send_to_team
from contests.services.outcomes.due_diligence import case_deadline, kind_labels
from contests.services.submission import format_beijing_time

PREFIX = "contests/outcomes/due_diligence/emails"


def _context(case):
    award = case.award
    return {
        "case": case,
        "award": award,
        "entry": award.entry,
        "contest": award.category.contest,
        "documents": kind_labels(case.request.documents),
        "instructions": case.request.instructions,
        "deadline": format_beijing_time(case_deadline(case)),
        "url": absolute_url(reverse("contests:due_diligence_case", args=[case.pk])),
    }


def send_requested(case):
    """The team of the award: which documents, by when, where."""
    return send_to_team(case.award.entry.team, f"{PREFIX}/requested", _context(case))


def send_submitted(case):
    context = {**_context(case), "url": absolute_url(reverse("awards:due_diligence_case", args=[case.pk]))}
    subject = "".join(render_to_string(f"{PREFIX}/submitted_subject.txt", context).splitlines())
    body = render_to_string(f"{PREFIX}/submitted_body.txt", context)
    messages = [EmailMessage(subject, body, None, [address]) for address in organiser_addresses()]
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)


def send_reviewed(case):
    return send_to_team(case.award.entry.team, f"{PREFIX}/reviewed", _context(case))


def send_successor(case):
    """The team the failed award passed to (its own case's request goes out separately)."""
    award = case.successor_award
    if award is None:
        return 0
    return send_to_team(award.entry.team, f"{PREFIX}/successor", {**_context(case), "new_award": award})
