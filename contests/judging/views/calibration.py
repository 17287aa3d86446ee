"""Calibration in the judges' workspace: the anchors of the rounds a judge judges, scored blind with
the round's rubric like a normal entry (draft, confirm, submit), read-only once calibration closes.

Anchors are reached by their opaque code and shown as 校准作品 1/2/3; a judge who does not judge the
anchor's round gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.judging.forms import ScoreForm, initial_of
from contests.judging.views.files import anchor_file_code, describe_files
from contests.judging.views.scoring import _challenge_of
from contests.models import CalibrationScore
from contests.rules import is_judge
from contests.services.judging.blind import judge_answers
from contests.services.judging.calibration import (
    anchor_for_judge,
    anchor_label,
    calibration_tasks,
    calibration_values,
    check_calibration,
    save_calibration,
)
from contests.services.judging.scoring import ScoreRefused, criteria_of, weighted_total


@login_required
def calibration_list(request):
    if not is_judge(request.user):
        return render(request, "contests/judging/not_a_judge.html", status=403)
    tasks = calibration_tasks(request.user)
    judge_ids = {judge.pk for _round, judge, _anchors in tasks}
    scores = {
        (s.anchor_id, s.judge_id): s
        for s in CalibrationScore.objects.filter(judge_id__in=judge_ids).only(
            "anchor_id", "judge_id", "submitted_at", "version"
        )
    }
    rows = []
    for round_, judge, anchors in tasks:
        items = [
            {"anchor": a, "label": anchor_label(i), "score": scores.get((a.pk, judge.pk))}
            for i, a in enumerate(anchors, start=1)
        ]
        rows.append(
            {"round": round_, "items": items, "done": sum(1 for i in items if i["score"] and i["score"].submitted_at)}
        )
    return render(request, "contests/judging/calibration_list.html", {"tasks": rows})


@login_required
@require_http_methods(["GET", "POST"])
def calibration_score(request, code):
    found = anchor_for_judge(request.user, code)
    if found is None:
        raise Http404
    anchor, judge, position = found
    round_ = anchor.round
    criteria = criteria_of(round_)
    score = CalibrationScore.objects.filter(anchor=anchor, judge=judge).first()
    editable = round_.calibration_closed_at is None and not (score and score.submitted_at)
    confirm = None
    if request.method == "POST":
        form = ScoreForm(request.POST, criteria=criteria, disabled=not editable)
        if not editable:
            messages.error(request, _("本轮校准已结束或校准评分已提交，不能再修改。"))
            return redirect("contests:judging:calibration_score", code=code)
        action = request.POST.get("action", "save")
        if action != "edit" and form.is_valid():
            submit = action == "submit"
            try:
                if submit and request.POST.get("confirm") != "yes":
                    cleaned, comment = check_calibration(
                        anchor, values=form.values(), comment=form.cleaned_data["comment"], submit=True,
                        criteria=criteria,
                    )  # fmt: skip
                    confirm = {
                        "rows": [(c, cleaned.get(c.pk)) for c in criteria],
                        "total": weighted_total(cleaned, criteria),
                        "comment": comment,
                    }
                else:
                    save_calibration(
                        anchor, judge, actor=request.user, values=form.values(),
                        comment=form.cleaned_data["comment"], version=form.cleaned_data["version"], submit=submit,
                        criteria=criteria,
                    )  # fmt: skip
                    messages.success(request, _("校准评分已提交。") if submit else _("校准评分草稿已保存。"))
                    return redirect("contests:judging:calibration_score", code=code)
            except ScoreRefused as refusal:
                form.add_service_errors(refusal.errors)
                if not refusal.errors:
                    messages.error(request, refusal.message)
                    return redirect("contests:judging:calibration_score", code=code)
    else:
        form = ScoreForm(
            initial=initial_of(score, calibration_values(score), criteria), criteria=criteria, disabled=not editable
        )
    entry = anchor.entry
    # The same material as on an assignment's page (blind file names and copies, scrubbed answers).
    files = describe_files(entry, code=anchor_file_code(position))
    return render(
        request,
        "contests/judging/calibration_score.html",
        {
            "anchor": anchor,
            "round": round_,
            "label": anchor_label(position),
            "entry": entry,
            "data_resources": list(entry.data_resources.values_list("name", flat=True)),
            "challenge": _challenge_of(entry),
            "files": files,
            "answers": judge_answers(entry, files),
            "form": form,
            "score": score,
            "editable": editable,
            "confirm": confirm,
            "total": weighted_total(calibration_values(score), criteria) if score else None,
            "min_comment": round_.comment_min_length,
        },
    )
