"""Pages of an approved contact person. Every team is looked up through ``vetting.teams_for``: a team
of another organisation is a 404, and anyone who is no approved contact gets a 404 on every page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from contests.models import VettingStatus
from contests.services import ContestError, vetting
from contests.services.submission import format_beijing_time

PER_PAGE = 50
DECISIONS = {"confirm": True, "dispute": False}


class DecideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("原因"),
        max_length=vetting.MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected = forms.ChoiceField(choices=VettingStatus.choices, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=gettext_lazy("我已核实，确认提交以上结论。"),
        error_messages={"required": gettext_lazy("请勾选确认后再提交。")},
    )


def _contacts(request):
    contacts = list(vetting.active_contacts(request.user).select_related("contest"))
    if not contacts:
        raise Http404
    return contacts


def _team(request, pk):
    _contacts(request)
    team = vetting.teams_for(request.user).select_related("contest", "vetted_by").filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


@login_required
@require_GET
def home(request):
    contacts = _contacts(request)
    teams = (
        vetting.teams_for(request.user).select_related("contest").order_by("contest", "vetting_status", "name", "pk")
    )
    status = request.GET.get("status", "")
    if status in VettingStatus.values:
        teams = teams.filter(vetting_status=status)
    else:
        status = ""
    page = Paginator(teams, PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "contests/vetting/home.html",
        {"contacts": contacts, "page_obj": page, "teams": page.object_list, "statuses": VettingStatus.choices,
         "status": status},
    )  # fmt: skip


def _members(team):
    return team.memberships.select_related("user").order_by("role", "joined_at", "pk")


@login_required
@require_GET
def team(request, pk):
    team = _team(request, pk)
    return render(
        request,
        "contests/vetting/team.html",
        {"team": team, "members": _members(team), "vetted_at": team.vetted_at and format_beijing_time(team.vetted_at)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk, decision):
    """A confirmation page that says what the decision means; the service checks again."""
    if decision not in DECISIONS:
        raise Http404
    team = _team(request, pk)
    confirmed = DECISIONS[decision]
    form = DecideForm(request.POST or None, initial={"expected": team.vetting_status})
    if request.method == "POST" and form.is_valid():
        try:
            vetting.decide(
                team, actor=request.user, confirmed=confirmed, reason=form.cleaned_data["reason"],
                expected_status=form.cleaned_data["expected"],
            )  # fmt: skip
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已记录，并已通过邮件通知该团队的队长。"))
            return redirect("contests:vetting:home")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "contests/vetting/decide.html",
        {"team": team, "members": _members(team), "form": form, "confirmed": confirmed, "decision": decision},
        status=status,
    )
