"""The judge portal under /judging/: blind lists, the no-conflict declaration, scoring, recusal.

Every view reaches an entry only through the judge's own active assignment, addressed by its
opaque ``code``; anything else — unassigned, recused, removed, another judge's, their own team's —
is a 404, so a judge cannot even learn that an entry exists. Any other conflict that appears after
assignment does not hide the entry: opening the list or the entry flags it to the organiser (who
decides), and the judge is never shown the flag. Pages show the entry's content and
blind code, never the team, its members, organisation, contact or the uploaded file names.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cms.documents.limits import DocumentRejected
from cms.http import attachment
from contests import models
from contests.choices import FileKind
from contests.judging.forms import DeclarationForm, RecusalForm, ScoreForm, initial_of
from contests.models import ConflictSource, Score
from contests.rules import can_recuse, can_score, can_view_assignment, can_view_others_scores, is_judge
from contests.services import ContestError
from contests.services.judging.assignment import declare_no_conflict, recuse
from contests.services.judging.blind import blind_name, open_blind_copy
from contests.services.judging.flags import flag_new_conflicts, judging_own_team
from contests.services.judging.judges import assignments_visible_to, blind_code, judge_label
from contests.services.judging.scoring import (
    ScoreRefused,
    check_score,
    criteria_of,
    save_score,
    score_values,
    weighted_total,
)


def _checked(assignments):
    """The assignments after flagging any conflict that appeared since they were made; only those of
    the judge's own team are dropped (a judge never sees their own team's work)."""
    assignments = list(assignments)
    flag_new_conflicts(assignments, source=ConflictSource.JUDGE_VIEW)
    own_team = judging_own_team(assignments)
    return [a for a in assignments if a.pk not in own_team]


def _own_assignment(request, code):
    """The judge's own active assignment, or 404 — without the conflict check."""
    assignment = assignments_visible_to(request.user).filter(code=code).select_related("entry__team").first()
    if assignment is None or not can_view_assignment(request.user, assignment):
        raise Http404
    return assignment


def _assignment(request, code):
    """The judge's own active assignment (a new conflict flagged), or 404."""
    checked = _checked([_own_assignment(request, code)])
    if not checked:
        raise Http404
    return checked[0]


def _assignment_with_neighbours(request, code):
    """The judge's own active assignment, their round's list in order, and its position, or 404.

    One conflict check over the whole round covers the assignment too (the score form needs the
    list for its progress and previous/next links anyway).
    """
    ordered, position = _neighbours(request, _own_assignment(request, code))
    if position is None:  # the judge's own team's entry, or ended between the two reads
        raise Http404
    return ordered[position], ordered, position


def _round_assignments(request, round_id):
    """The judge's assignments in one round, in their own stable random order."""
    rows = (
        assignments_visible_to(request.user)
        .filter(round_id=round_id)
        .select_related("entry__team")
        .prefetch_related(Prefetch("entry__track"))
        .order_by("order_key", "pk")
    )
    return _checked(rows)


def _scores_by_assignment(assignments):
    return {s.assignment_id: s for s in Score.objects.filter(assignment__in=[a.pk for a in assignments])}


def _annotate(assignments):
    scores = _scores_by_assignment(assignments)
    for assignment in assignments:
        assignment.blind_code = blind_code(assignment.entry)
        assignment.my_score = scores.get(assignment.pk)
    submitted = sum(1 for a in assignments if a.my_score and a.my_score.is_submitted)
    return submitted


@login_required
def dashboard(request):
    if not is_judge(request.user):
        return render(request, "contests/judging/not_a_judge.html", status=403)
    assignments = _checked(assignments_visible_to(request.user).select_related("entry__team"))
    scores = _scores_by_assignment(assignments)
    rounds = {}
    for assignment in assignments:
        entry = rounds.setdefault(assignment.round_id, {"round": assignment.round, "total": 0, "submitted": 0})
        entry["total"] += 1
        score = scores.get(assignment.pk)
        entry["submitted"] += bool(score and score.is_submitted)
    rounds = sorted(rounds.values(), key=lambda r: (r["round"].contest_id, r["round"].number))
    if len(rounds) == 1:
        return redirect("contests:judging:round", round_id=rounds[0]["round"].pk)
    return render(request, "contests/judging/dashboard.html", {"rounds": rounds})


@login_required
def round_list(request, round_id):
    assignments = _round_assignments(request, round_id)
    if not assignments:
        raise Http404
    submitted = _annotate(assignments)
    round_ = assignments[0].round
    return render(
        request,
        "contests/judging/round.html",
        {"round": round_, "assignments": assignments, "submitted": submitted, "total": len(assignments)},
    )


def _neighbours(request, assignment):
    """The judge's round list in order, and the assignment's place in it."""
    ordered = _round_assignments(request, assignment.round_id)
    position = next((index for index, row in enumerate(ordered) if row.pk == assignment.pk), None)
    return ordered, position


def _next_unsubmitted(request, assignment):
    ordered, position = _neighbours(request, assignment)
    scores = _scores_by_assignment(ordered)
    rotated = ordered[position + 1 :] + ordered[:position]
    for candidate in rotated:
        score = scores.get(candidate.pk)
        if not (score and score.is_submitted):
            return candidate
    return None


def _entry_files(entry):
    order = {FileKind.PROPOSAL: 0, FileKind.IMAGE: 1, FileKind.ATTACHMENT: 2}
    files = sorted(
        entry.files.filter(removed_at__isnull=True), key=lambda f: (order.get(f.kind, 3), f.uploaded_at, f.pk)
    )
    counters = {}
    described = []
    for entry_file in files:
        counters[entry_file.kind] = counters.get(entry_file.kind, 0) + 1
        described.append(
            {
                "position": len(described) + 1,
                "kind": entry_file.get_kind_display(),
                "name": blind_name(entry, entry_file, counters[entry_file.kind]),
                "size": entry_file.size,
                "is_image": entry_file.content_type.startswith("image/"),
                "file": entry_file,
            }
        )
    return described


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
        assignment = _assignment(request, code)
    else:
        assignment, *neighbours = _assignment_with_neighbours(request, code)
    entry = assignment.entry
    if assignment.declared_no_conflict_at is None:
        return render(
            request,
            "contests/judging/declare.html",
            {"assignment": assignment, "entry": entry, "code": blind_code(entry), "form": DeclarationForm()},
        )

    criteria = criteria_of(assignment.round)
    score = Score.objects.filter(assignment=assignment).first()
    editable = can_score(request.user, assignment)
    if request.method == "POST":
        form = ScoreForm(request.POST, criteria=criteria, disabled=not editable)
        if not editable:
            messages.error(request, _("当前不能修改该评分（评分已提交或不在评审时间内）。"))
            return redirect("contests:judging:assignment", code=code)
        response = _post_score(request, assignment, form, criteria)
        if response is not None:
            return response
    else:
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
            cleaned, comment = check_score(assignment, values=values, comment=comment, submit=True)
            return _confirm_page(request, assignment, form, cleaned, comment)
        save_score(assignment, actor=request.user, values=values, comment=comment, version=version, submit=submit)
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
        following = _next_unsubmitted(request, assignment)
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
    ordered, position = neighbours or _neighbours(request, assignment)
    submitted = _annotate(ordered)
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
            "files": _entry_files(entry),
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
            "can_view_others": can_view_others_scores(request.user, assignment),
        },
    )


@login_required
@require_POST
def declare(request, code):
    assignment = _assignment(request, code)
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请勾选无利益冲突声明；如存在利益冲突，请申请回避。"))
    else:
        declare_no_conflict(assignment, actor=request.user)
    return redirect("contests:judging:assignment", code=code)


@login_required
@require_http_methods(["GET", "POST"])
def recusal(request, code):
    assignment = _assignment(request, code)
    if not can_recuse(request.user, assignment):
        messages.error(request, _("评分已提交，不能再申请回避；如有需要请联系大赛组织者。"))
        return redirect("contests:judging:assignment", code=code)
    form = RecusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recuse(assignment, actor=request.user, reason=form.cleaned_data["reason"])
        except ContestError as error:
            messages.error(request, error.message)
            return redirect("contests:judging:assignment", code=code)
        messages.success(request, _("已回避该作品，组织方将安排其他评委评审。"))
        if assignments_visible_to(request.user).filter(round_id=assignment.round_id).exists():
            return redirect("contests:judging:round", round_id=assignment.round_id)
        return redirect("contests:judging:dashboard")
    return render(
        request,
        "contests/judging/recuse.html",
        {"assignment": assignment, "entry": assignment.entry, "code": blind_code(assignment.entry), "form": form},
    )


@login_required
def entry_file(request, code, position):
    assignment = _assignment(request, code)
    if assignment.declared_no_conflict_at is None:
        raise Http404
    files = _entry_files(assignment.entry)
    if not 1 <= position <= len(files):
        raise Http404
    described = files[position - 1]
    entry_file_ = described["file"]
    try:
        handle = open_blind_copy(entry_file_)
    except DocumentRejected as refused:
        # Accepted before today's checks, but no safe copy can be made: the judge is told, the
        # organiser sees the file in eligibility review. Nothing of the original is ever sent.
        message = _("该文件无法生成安全的评审副本（%(reason)s），请联系大赛组织方。") % {"reason": refused}
        return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
    # Always a download, never shown inline: the browser never renders a team's file in our origin.
    response = FileResponse(handle, content_type=entry_file_.content_type)
    response["Content-Disposition"] = attachment(described["name"])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def others_scores(request, code):
    assignment = _assignment(request, code)
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
