"""落地确认 in the unit workspace (/unit/adoption/): adoption milestones that name one of the user's
units as the deploying unit, or belong to an entry answering one of its 赛题. The list (待确认 first),
a milestone's page and one confirmation page per decision; the decision is
``contests.services.adoption.review.decide``. Another unit's milestone is a 404.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from contests.adoption_decision import decision_labels, handle_decision
from contests.models import MilestoneStatus
from contests.services.adoption import review
from contests.units.base import unit_member_required

PER_PAGE = 50


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
        {"milestone": milestone, "may_decide": milestone.status in review.DECIDABLE, "decisions": decision_labels()},
    )


@unit_member_required
@require_http_methods(["GET", "POST"])
def adoption_decide(request, pk, decision):
    if decision not in review.DECISIONS:
        raise Http404
    milestone = _milestone(request, pk)
    return handle_decision(
        request,
        milestone,
        decision,
        back=reverse("contests:units:adoption_milestone", kwargs={"pk": milestone.pk}),
        done=reverse("contests:units:adoption"),
        show=lambda context, status: render(request, "contests/units/adoption_decide.html", context, status=status),
    )
