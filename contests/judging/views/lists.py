"""The judge's dashboard (one row per round) and a round's list of entries, blind."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from contests.judging.views.lookup import annotate, checked, round_assignments, scores_by_assignment
from contests.rules import is_judge
from contests.services.judging.calibration import calibration_pending, calibration_tasks
from contests.services.judging.judges import assignments_visible_to


@login_required
def dashboard(request):
    if not is_judge(request.user):
        return render(request, "contests/judging/not_a_judge.html", status=403)
    assignments = checked(assignments_visible_to(request.user).select_related("entry__team"))
    scores = scores_by_assignment(assignments)
    rounds = {}
    for assignment in assignments:
        entry = rounds.setdefault(assignment.round_id, {"round": assignment.round, "total": 0, "submitted": 0})
        entry["total"] += 1
        score = scores.get(assignment.pk)
        entry["submitted"] += bool(score and score.is_submitted)
    rounds = sorted(rounds.values(), key=lambda r: (r["round"].contest_id, r["round"].number))
    # Calibration still to do comes first: the judge lands here rather than on the round's list.
    calibration = [task for task in calibration_tasks(request.user) if calibration_pending(task[0])]
    if len(rounds) == 1 and not calibration:
        return redirect("contests:judging:round", round_id=rounds[0]["round"].pk)
    return render(request, "contests/judging/dashboard.html", {"rounds": rounds, "calibration": calibration})


@login_required
def round_list(request, round_id):
    assignments = round_assignments(request, round_id)
    if not assignments:
        raise Http404
    submitted = annotate(assignments)
    round_ = assignments[0].round
    return render(
        request,
        "contests/judging/round.html",
        {
            "round": round_,
            "assignments": assignments,
            "submitted": submitted,
            "total": len(assignments),
            "calibration_pending": calibration_pending(round_),
        },
    )
