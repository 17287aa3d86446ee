"""What every page of the division workspace shares: the manager check and the object lookups.

Anonymous visitors are sent to the login page; a signed-in account that manages no division (and
is no organiser) gets a 403 page saying so. Each page resolves its division with
``division_for_manager`` — another city's division is a 404 — and every team, entry and file is
looked up inside that division's querysets, so another city's objects are 404s too.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from contests.rules import is_organiser
from contests.services.divisions import (
    division_for_manager,
    entries_in_division,
    is_division_manager,
    teams_in_division,
)


def division_manager_required(view):
    """Signed in (else login), managing a division or an organiser (else 403); with
    ``contest_slug``/``division_slug`` in the URL, the view gets the division instead (404 outside)."""

    @wraps(view)
    def wrapped(request, *args, contest_slug=None, division_slug=None, **kwargs):
        if not (is_organiser(request.user) or is_division_manager(request.user)):
            return render(request, "contests/divisions/not_a_manager.html", status=403)
        if contest_slug is None:
            return view(request, *args, **kwargs)
        division = division_for_manager(request.user, contest_slug, division_slug)
        return view(request, division, *args, **kwargs)

    return login_required(wrapped)


def team_for(division, pk):
    team = teams_in_division(division).select_related("city", "contest").filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


def entry_for(division, uuid):
    entry = entries_in_division(division).select_related("team", "track", "contest").filter(uuid=uuid).first()
    if entry is None:
        raise Http404
    return entry
