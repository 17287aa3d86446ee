"""落地确认 in the unit workspace (/unit/adoption/): adoption milestones that name one of the user's
units as the deploying unit, or belong to an entry answering one of its 赛题. The list (待确认 first),
a milestone's page and one confirmation page per decision; the decision is
``contests.services.adoption.review.decide``. Another unit's milestone is a 404.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from contests.models import MilestoneStatus
from contests.services import ContestError
from contests.services.adoption import review
from contests.units.base import unit_member_required

PER_PAGE = 50


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("意见"), required=False, max_length=review.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        if decision != review.CONFIRM:
            self.fields["note"].required = True
            self.fields["note"].label = gettext_lazy("理由（团队会看到）")


def _labels():
    return {review.CONFIRM: _("确认"), review.MORE_INFO: _("需补充材料"), review.REJECT: _("不予确认")}


def _milestone(request, pk):
    milestone = review.unit_queue(request.unit_ids).prefetch_related("evidence").filter(pk=pk).first()
    if milestone is None or not review.can_review_milestone(request.user, milestone):
        raise Http404
    return milestone


@unit_member_required
@require_GET
def adoption_list(request):
    milestones = review.unit_queue(request.unit_ids)
    status = request.GET.get("status", MilestoneStatus.SUBMITTED)
    if status in MilestoneStatus.values:
        milestones = milestones.filter(status=status)
    else:
        status = ""
    page = Paginator(milestones, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "contests/units/adoption.html",
        {"page": page, "statuses": MilestoneStatus.choices, "status": status},
    )


@unit_member_required
@require_GET
def adoption_milestone(request, pk):
    milestone = _milestone(request, pk)
    return render(
        request,
        "contests/units/adoption_milestone.html",
        {"milestone": milestone, "may_decide": milestone.status in review.DECIDABLE, "decisions": _labels()},
    )


@unit_member_required
@require_http_methods(["GET", "POST"])
def adoption_decide(request, pk, decision):
    if decision not in review.DECISIONS:
        raise Http404
    milestone = _milestone(request, pk)
    if milestone.status not in review.DECIDABLE:
        messages.error(request, _("这条里程碑已有结论或正等待团队补充材料。"))
        return redirect("contests:units:adoption_milestone", pk=milestone.pk)
    form = DecisionForm(request.POST or None, decision=decision, initial={"version": milestone.version})
    if request.method == "POST" and form.is_valid():
        try:
            review.decide(
                milestone,
                actor=request.user,
                decision=decision,
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已记录结论，并通知团队。"))
            return redirect("contests:units:adoption")
    return render(
        request,
        "contests/units/adoption_decide.html",
        {"milestone": milestone, "form": form, "decision": decision, "label": _labels()[decision]},
        status=400 if request.method == "POST" else 200,
    )
