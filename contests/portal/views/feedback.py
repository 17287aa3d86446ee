"""A team's feedback for one round (/portal/entries/<uuid>/rounds/<id>/feedback/).

The entry comes from ``visible_entry`` (another team's entry is 404, never 403), and the round must be
one of the entry's contest with published results (404 before publication, so nothing is disclosed
early). Whether scores are shown at all is the service's decision (``Contest.feedback_to_teams``).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from contests.portal.views.entries import visible_entry
from contests.services.outcomes.feedback import published_round, team_feedback


@login_required
def entry_feedback(request, uuid, round_id):
    entry = visible_entry(request, uuid)
    round_ = published_round(entry, round_id)
    if round_ is None:
        raise Http404
    feedback = team_feedback(entry, round_)
    return render(
        request,
        "contests/portal/feedback.html",
        {"entry": entry, "contest": entry.contest, "team": entry.team, "round": round_, "feedback": feedback},
    )
