"""E-mails of publication and appeals. Called by ``contests.tasks.appeals`` only, never from a request."""

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from cms.links import absolute_url
from contests.rules import ORGANISER_GROUP
from contests.services.mail.teams import send_to_team
from contests.services.submission import format_beijing_time

PREFIX = "contests/outcomes/publication/emails"


def organiser_addresses():
    users = get_user_model().objects.filter(Q(groups__name=ORGANISER_GROUP) | Q(is_superuser=True), is_active=True)
    return sorted({email for email in users.values_list("email", flat=True) if email})


def send_results_published(publication):
    """One message per member of every team with an entry in the round's results."""
    from contests.models import RoundResult

    round_ = publication.round
    results = RoundResult.objects.filter(round=round_).select_related("entry__team").order_by("entry__team_id", "pk")
    by_team = {}
    for result in results:
        by_team.setdefault(result.entry.team, []).append(result.entry)
    context = {
        "contest": round_.contest,
        "round": round_,
        "notice_ends": format_beijing_time(publication.notice_ends_at),
        "notice_days": publication.notice_days,
    }
    sent = 0
    for team, entries in by_team.items():
        sent += send_to_team(team, f"{PREFIX}/results_published", {**context, "entries": entries})
    return sent


def send_appeal_filed(appeal):
    context = {
        "appeal": appeal,
        "round": appeal.round,
        "contest": appeal.round.contest,
        "filed_at": format_beijing_time(appeal.filed_at),
        "url": absolute_url(reverse("outcomes_publication:appeal", args=[appeal.pk])),
    }
    subject = "".join(render_to_string(f"{PREFIX}/appeal_filed_subject.txt", context).splitlines())
    body = render_to_string(f"{PREFIX}/appeal_filed_body.txt", context)
    messages = [EmailMessage(subject, body, None, [address]) for address in organiser_addresses()]
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)


def send_appeal_reviewed(appeal):
    return send_to_team(
        appeal.team,
        f"{PREFIX}/appeal_reviewed",
        {"appeal": appeal, "entry": appeal.entry, "round": appeal.round, "contest": appeal.round.contest},
    )
