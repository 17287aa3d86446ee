"""落地确认 in the Wagtail admin: the review queue of adoption milestones for the editors of the
milestones' city nodes (scenes moderators: every node) and a read-only list for organisers.

Pages under /admin/adoption/: the list (filter by status, 待确认 first), a milestone's page with its
facts and evidence, and one confirmation page per decision (确认, 需补充材料, 不予确认) saying what
will happen; the decision itself is ``contests.services.adoption.review.decide``. Wagtail checks
admin access; each page checks the queue again on the server: a milestone outside the user's nodes
is a 404, and an organiser who is no reviewer may look but not decide (403).
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin.menu import MenuItem

from contests.adoption_decision import decision_labels, handle_decision
from contests.models import MilestoneStatus
from contests.services.adoption import review

PER_PAGE = 50


class AdoptionMenuItem(MenuItem):
    """Shown to organisers and to editors of at least one node (the pages check again)."""

    def is_shown(self, request):
        return review.may_use_admin_queue(request.user)


def _require_queue(user):
    if not review.may_use_admin_queue(user):
        raise PermissionDenied


def _milestone(request, pk):
    milestone = review.node_editor_queue(request.user).prefetch_related("evidence").filter(pk=pk).first()
    if milestone is None:
        raise Http404
    return milestone


@require_GET
def review_list(request):
    _require_queue(request.user)
    milestones = review.node_editor_queue(request.user)
    status = request.GET.get("status", MilestoneStatus.SUBMITTED)
    if status in MilestoneStatus.values:
        milestones = milestones.filter(status=status)
    else:
        status = ""
    page = Paginator(milestones, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "contests/admin/adoption_list.html",
        {"page_obj": page, "milestones": page.object_list, "statuses": MilestoneStatus.choices, "status": status},
    )


@require_GET
def review_milestone(request, pk):
    _require_queue(request.user)
    milestone = _milestone(request, pk)
    may_decide = review.can_review_milestone(request.user, milestone) and milestone.status in review.DECIDABLE
    return TemplateResponse(
        request,
        "contests/admin/adoption_milestone.html",
        {"milestone": milestone, "may_decide": may_decide, "decisions": decision_labels()},
    )


@require_http_methods(["GET", "POST"])
def review_decide(request, pk, decision):
    _require_queue(request.user)
    if decision not in review.DECISIONS:
        raise Http404
    milestone = _milestone(request, pk)
    if not review.can_review_milestone(request.user, milestone):
        raise PermissionDenied
    return handle_decision(
        request,
        milestone,
        decision,
        back=reverse("adoption_review_milestone", kwargs={"pk": milestone.pk}),
        done=reverse("adoption_review"),
        show=lambda context, status: TemplateResponse(
            request, "contests/admin/adoption_decide.html", context, status=status
        ),
    )


def admin_urls():
    return [
        path("adoption/", review_list, name="adoption_review"),
        path("adoption/<int:pk>/", review_milestone, name="adoption_review_milestone"),
        path("adoption/<int:pk>/<str:decision>/", review_decide, name="adoption_review_decide"),
    ]


def menu_item():
    return AdoptionMenuItem(gettext_lazy("落地确认"), reverse("adoption_review"), icon_name="check", order=240)
