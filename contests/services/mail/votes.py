"""The e-mail of the public vote: a team is told when votes for its entry were voided, and why.
Called by ``contests.tasks.votes`` only."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from cms.links import absolute_url

PREFIX = "contests/emails"


def send_votes_voided(public_vote, entry, count, reason):
    """Every member of the entry's team; returns the number of messages sent."""
    addresses = sorted({m.user.email for m in entry.team.memberships.select_related("user") if m.user.email})
    if not addresses:
        return 0
    round_ = public_vote.round
    url = absolute_url(
        reverse("contests:votes:round", kwargs={"contest_slug": round_.contest.slug, "number": round_.number})
    )
    context = {"entry": entry, "count": count, "reason": reason, "round": round_, "contest": round_.contest, "url": url}
    subject = "".join(render_to_string(f"{PREFIX}/votes_voided_subject.txt", context).splitlines())
    body = render_to_string(f"{PREFIX}/votes_voided_body.txt", context)
    return EmailMessage(subject, body, None, addresses).send()
