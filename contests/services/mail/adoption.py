"""E-mail to the team when its adoption milestone was decided. Called by ``contests.tasks.adoption`` only."""

from contests.services.mail.teams import send_to_team

PREFIX = "contests/emails/milestone_reviewed"


def send_milestone_reviewed(milestone):
    entry = milestone.entry
    return send_to_team(entry.team, PREFIX, {"milestone": milestone, "entry": entry, "contest": entry.contest})
