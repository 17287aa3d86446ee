"""The unit workspace's home: per unit, its 赛题 and what waits for an answer."""

from django.shortcuts import render

from contests.services.unit_workspace import dashboard as dashboard_rows
from contests.units.base import unit_member_required


@unit_member_required
def dashboard(request):
    return render(request, "contests/units/dashboard.html", {"rows": dashboard_rows(request.user)})
