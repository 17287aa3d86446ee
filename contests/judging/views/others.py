"""Other judges' submitted scores for the same entry, anonymised as 评委 A/B/C (when the round allows)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from contests import models
from contests.judging.views.lookup import assignment_or_404
from contests.rules import can_view_others_scores
from contests.services.judging.judges import blind_code, judge_label
from contests.services.judging.scoring import criteria_of, weighted_total


@login_required
def others_scores(request, code):
    assignment = assignment_or_404(request, code)
    if not can_view_others_scores(request.user, assignment):
        raise Http404
    criteria = criteria_of(assignment.round)
    others = list(
        models.Score.objects.filter(
            assignment__round=assignment.round,
            assignment__entry=assignment.entry,
            assignment__state=models.AssignmentState.ACTIVE,
            status=models.ScoreStatus.SUBMITTED,
        )
        .exclude(assignment=assignment)
        .order_by("assignment__order_key", "pk")
        .prefetch_related("items")
    )
    rows = []
    for index, score in enumerate(others):
        values = {item.criterion_id: item.value for item in score.items.all()}
        rows.append(
            {
                "label": judge_label(index),
                "values": [values.get(c.pk) for c in criteria],
                "total": weighted_total(values, criteria),
                "comment": score.comment,
            }
        )
    return render(
        request,
        "contests/judging/others.html",
        {"assignment": assignment, "code": blind_code(assignment.entry), "criteria": criteria, "rows": rows},
    )
