"""E-mails of real-name verification and unit vetting. Called by ``contests.tasks.identity`` only."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from cms.links import absolute_url

PREFIX = "contests/emails"


def _send(address, name, context):
    if not address:
        return 0
    subject = "".join(render_to_string(f"{PREFIX}/{name}_subject.txt", context).splitlines())
    body = render_to_string(f"{PREFIX}/{name}_body.txt", context)
    return EmailMessage(subject, body, None, [address]).send()


def send_identity_reviewed(proof):
    """The person: 通过, or 驳回 with the reason and where to submit again."""
    url = absolute_url(reverse("contests:identity", kwargs={"contest_slug": proof.contest.slug}))
    return _send(proof.user.email, "identity_reviewed", {"proof": proof, "contest": proof.contest, "url": url})


def send_contact_approved(contact):
    url = absolute_url(reverse("contests:vetting:home"))
    return _send(contact.user.email, "contact_approved", {"contact": contact, "contest": contact.contest, "url": url})


def send_contact_revoked(contact, *, reason, was_approved):
    """The applicant: the request was turned down, or the approval withdrawn, and why."""
    context = {"contact": contact, "contest": contact.contest, "reason": reason, "was_approved": was_approved}
    return _send(contact.user.email, "contact_revoked", context)


def send_team_vetted(team):
    """The team's leader: what the organisation's contact decided."""
    leader = team.memberships.filter(role="leader").select_related("user").first()
    if leader is None:
        return 0
    url = absolute_url(reverse("contests:team_detail", args=[team.pk]))
    return _send(leader.user.email, "team_vetted", {"team": team, "contest": team.contest, "url": url})
