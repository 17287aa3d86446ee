"""The division's teams: the list (search, paginated) and one team with its members and entries."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from contests.divisions.base import division_manager_required, team_for
from contests.services.division_workspace import team_rows

PER_PAGE = 50


@require_GET
@division_manager_required
def team_list(request, division):
    query = request.GET.get("q", "").strip()
    page = Paginator(team_rows(division, query), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "contests/divisions/teams.html", {"division": division, "page": page, "query": query})


@require_GET
@division_manager_required
def team_detail(request, division, pk):
    team = team_for(division, pk)
    members = team.memberships.select_related("user").order_by("role", "pk")
    entries = team.entries.select_related("track").order_by("track__sort_order", "title")
    moves = team.division_moves.select_related("from_division", "to_division")
    return render(
        request,
        "contests/divisions/team.html",
        {"division": division, "team": team, "members": members, "entries": entries, "moves": moves},
    )
