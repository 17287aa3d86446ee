"""Data-quality findings about the unit's resources: the list (awaiting a response first) and the
response. Blind: a finding shows the entry's title and what was found, never the team."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.services import ContestError
from contests.services.findings import findings_for_units, respond_to_finding
from contests.units.base import finding_for, unit_member_required
from contests.units.forms import FindingResponseForm

PER_PAGE = 50


@unit_member_required
def finding_list(request):
    page = Paginator(findings_for_units(request.unit_ids), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "contests/units/findings.html", {"page": page})


@unit_member_required
@require_http_methods(["GET", "POST"])
def finding_respond(request, pk):
    finding = finding_for(request, pk)
    form = FindingResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            respond_to_finding(finding, request.user, form.cleaned_data["response"])
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已答复，问题状态已改为“已处理”。"))
            return redirect("contests:units:findings")
    return render(request, "contests/units/finding.html", {"finding": finding, "form": form})
