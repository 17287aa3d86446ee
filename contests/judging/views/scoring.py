"""The score form: save a draft, confirm and submit (which locks the score), go to the next entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.judging.forms import DeclarationForm, ScoreForm, initial_of
from contests.judging.views.files import describe_files
from contests.judging.views.lookup import (
    annotate,
    assignment_for_save,
    assignment_with_neighbours,
    next_unsubmitted,
    round_and_position,
)
from contests.models import Score
from contests.rules import can_recuse, can_score, can_view_others_scores
from contests.services.judging.blind import judge_answers
from contests.services.judging.calibration import calibration_pending
from contests.services.judging.judges import blind_code
from contests.services.judging.scoring import (
    ScoreRefused,
    check_score,
    criteria_of,
    save_score,
    score_values,
    weighted_total,
)

# Where a save returns to: the save bar, unless the page said which criterion the judge was on.
SAVE_BAR = "score-actions"


def _return_anchor(request, criteria):
    anchor = request.POST.get("anchor", "")
    return anchor if anchor in {f"criterion-{c.pk}" for c in criteria} else SAVE_BAR


def _page_url(code, anchor):
    return reverse("contests:judging:assignment", kwargs={"code": code}) + f"#{anchor}"


@login_required
@require_http_methods(["GET", "POST"])
def assignment_detail(request, code):
    # A save only needs the one assignment; the page also needs the round's list, which checks it.
    neighbours = None
    if request.method == "POST":
        assignment = assignment_for_save(request, code)
    else:
        assignment, *neighbours = assignment_with_neighbours(request, code)
    entry = assignment.entry
    if assignment.declared_no_conflict_at is None:
        return render(
            request,
            "contests/judging/declare.html",
            {"assignment": assignment, "entry": entry, "code": blind_code(entry), "form": DeclarationForm()},
        )

    criteria = criteria_of(assignment.round)
    editable = can_score(request.user, assignment)
    if request.method == "POST":
        form = ScoreForm(request.POST, criteria=criteria, disabled=not editable)
        if not editable:
            if calibration_pending(assignment.round):
                messages.error(request, _("本轮需先完成校准"))
            else:
                messages.error(request, _("当前不能修改该评分（评分已提交或不在评审时间内）。"))
            return redirect("contests:judging:assignment", code=code)
        response = _post_score(request, assignment, form, criteria)
        if response is not None:
            return response
        score = Score.objects.filter(assignment=assignment).first()  # read only to show the form again
    else:
        score = Score.objects.filter(assignment=assignment).first()
        form = ScoreForm(
            initial=initial_of(score, score_values(score), criteria), criteria=criteria, disabled=not editable
        )
    return _score_page(request, assignment, form, score, criteria, editable, neighbours)


def _post_score(request, assignment, form, criteria):
    """Save, confirm or submit; a response, or None to show the form again (with its errors)."""
    action = request.POST.get("action", "save")
    if action not in ("save", "submit", "save_next", "edit"):
        action = "save"
    if action == "edit" or not form.is_valid():
        return None  # back from the confirmation, or errors to show: nothing is written
    values, comment, version = form.values(), form.cleaned_data["comment"], form.cleaned_data["version"]
    submit = action == "submit"
    try:
        if submit and request.POST.get("confirm") != "yes":
            # Submitting locks the score: first show what will be locked, changing nothing.
            cleaned, comment = check_score(assignment, values=values, comment=comment, submit=True, criteria=criteria)
            return _confirm_page(request, assignment, form, cleaned, comment)
        save_score(
            assignment,
            actor=request.user,
            values=values,
            comment=comment,
            version=version,
            submit=submit,
            criteria=criteria,
        )
    except ScoreRefused as refusal:
        form.add_service_errors(refusal.errors)
        if not refusal.errors:
            messages.error(request, refusal.message)
            if refusal.code in ("stale", "already_submitted", "round_closed"):
                return redirect("contests:judging:assignment", code=assignment.code)
        return None
    if submit:
        messages.success(request, _("评分已提交。提交后不能再修改，如需更正请联系大赛组织者。"))
        return redirect(_page_url(assignment.code, "score-heading"))
    messages.success(request, _("评分草稿已保存。"))
    if action == "save_next":
        following = next_unsubmitted(request, assignment)
        if following is not None:
            return redirect("contests:judging:assignment", code=following.code)
        return redirect("contests:judging:round", round_id=assignment.round_id)
    return redirect(_page_url(assignment.code, _return_anchor(request, criteria)))


def _confirm_page(request, assignment, form, cleaned, comment):
    criteria = form.criteria
    return render(
        request,
        "contests/judging/confirm_submit.html",
        {
            "assignment": assignment,
            "round": assignment.round,
            "code": blind_code(assignment.entry),
            "form": form,
            "rows": [(c, cleaned.get(c.pk)) for c in criteria],
            "total": weighted_total(cleaned, criteria),
            "comment": comment,
        },
    )


def _score_page(request, assignment, form, score, criteria, editable, neighbours):
    entry = assignment.entry
    files = describe_files(entry)
    ordered, position = neighbours or round_and_position(request, assignment)
    submitted = annotate(ordered)
    total = weighted_total(score_values(score), criteria) if score else None
    following = None
    if score is not None and score.is_submitted:
        # After submitting, the next entry still to score (in the judge's own order, wrapping round).
        rest = ordered[position + 1 :] + ordered[:position]
        following = next((a for a in rest if not (a.my_score and a.my_score.is_submitted)), None)
    return render(
        request,
        "contests/judging/assignment.html",
        {
            "assignment": assignment,
            "round": assignment.round,
            "entry": entry,
            "code": blind_code(entry),
            "data_resources": list(entry.data_resources.values_list("name", flat=True)),
            # The 赛题 answered (title, unit): not team identity, judges see it.
            "challenge": _challenge_of(entry),
            "files": files,
            # The configured questions judges see, scrubbed of the team's identity (blind.py).
            "answers": judge_answers(entry, files),
            "form": form,
            "score": score,
            "editable": editable,
            "total": total,
            "min_comment": assignment.round.comment_min_length,
            "position": position + 1,
            "count": len(ordered),
            "submitted": submitted,
            "previous": ordered[position - 1] if position > 0 else None,
            "next": ordered[position + 1] if position + 1 < len(ordered) else None,
            "following": following,
            "can_recuse": can_recuse(request.user, assignment),
            "calibration_pending": calibration_pending(assignment.round),
            "can_view_others": can_view_others_scores(request.user, assignment),
        },
    )


def _challenge_of(entry):
    from contests.models import Challenge

    if not entry.challenge_id:
        return None
    return Challenge.objects.filter(pk=entry.challenge_id).values_list("title", "unit__name").first()
