"""E-mails of finalist confirmation: the request to confirm (also to a team taken from the waitlist)
and the reminder 24 h before the deadline. Called by ``contests.tasks.finalists`` only."""

from contests.models.finalists import FinalistStatus
from contests.services.mail.teams import send_to_team

KINDS = ("request", "reminder")


def send_finalist_mail(confirmation, kind):
    if kind not in KINDS or confirmation.status != FinalistStatus.PENDING:
        return 0
    entry = confirmation.entry
    context = {
        "confirmation": confirmation,
        "entry": entry,
        "contest": entry.contest,
        "next_round": confirmation.decision.next_round,
        "waitlist": confirmation.replaces_id is not None,
    }
    return send_to_team(entry.team, f"contests/emails/finalist_{kind}", context)
