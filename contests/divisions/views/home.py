"""The workspace's home (the user's divisions), a division's dashboard and its export."""

from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cms.http import attachment
from contests.divisions.base import division_manager_required
from contests.services.division_workspace import division_workbook, export_filename, figures
from contests.services.divisions import divisions_managed_by

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@division_manager_required
def home(request):
    divisions = (
        divisions_managed_by(request.user)
        .select_related("contest", "node")
        # Quotas per track replace the division's total (as its advancement and dashboard count them).
        .annotate(track_quota=Sum("track_quotas__quota"))
        .order_by("-contest__year", "contest__name", "sort_order", "pk")
    )
    return render(request, "contests/divisions/home.html", {"divisions": divisions})


@require_GET
@division_manager_required
def dashboard(request, division):
    return render(request, "contests/divisions/dashboard.html", {"division": division, "figures": figures(division)})


@require_GET
@division_manager_required
def export(request, division):
    name, fallback = export_filename(division)
    response = HttpResponse(division_workbook(division), content_type=XLSX)
    response["Content-Disposition"] = attachment(name, fallback=fallback)
    response["Cache-Control"] = "private, no-store"
    return response
