"""数据开放申请 for the unit's resources: the list (awaiting an answer first) and the public answer."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.services.unit_workspace import open_requests_for_units
from contests.units.base import open_request_for, unit_member_required
from contests.units.forms import OpenRequestAnswerForm
from scenes.services import open_data

PER_PAGE = 50


@unit_member_required
def open_request_list(request):
    page = Paginator(open_requests_for_units(request.unit_ids), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "contests/units/open_requests.html", {"page": page})


@unit_member_required
@require_http_methods(["GET", "POST"])
def open_request_answer(request, pk):
    open_request = open_request_for(request, pk)
    form = OpenRequestAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            open_data.answer(open_request, request.user, data["status"], data["answer"], data["legal_basis"])
        except open_data.OpenDataRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已答复，答复将公开显示在数据资源页上。"))
            return redirect("contests:units:open_requests")
    return render(request, "contests/units/open_request.html", {"open_request": open_request, "form": form})
