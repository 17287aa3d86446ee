"""How every judging view reaches an entry: only through the judge's own active assignment.

Anything else is a 404 (see the package docstring). Listing a round or opening an entry flags any
conflict that appeared since assignment, for the organiser to decide.
"""

from django.db.models import Prefetch
from django.http import Http404

from contests.models import ConflictSource, Score
from contests.rules import can_view_assignment
from contests.services.judging.flags import flag_new_conflicts, judging_own_team
from contests.services.judging.judges import assignments_visible_to, blind_code


def checked(assignments):
    """The assignments after flagging any conflict that appeared since they were made; only those of
    the judge's own team are dropped (a judge never sees their own team's work)."""
    assignments = list(assignments)
    flag_new_conflicts(assignments, source=ConflictSource.JUDGE_VIEW)
    own_team = judging_own_team(assignments)
    return [a for a in assignments if a.pk not in own_team]


def own_assignment(request, code):
    """The judge's own active assignment, or 404 — without the conflict check."""
    assignment = assignments_visible_to(request.user).filter(code=code).select_related("entry__team").first()
    if assignment is None or not can_view_assignment(request.user, assignment):
        raise Http404
    return assignment


def assignment_or_404(request, code):
    """The judge's own active assignment (a new conflict flagged), or 404."""
    found = checked([own_assignment(request, code)])
    if not found:
        raise Http404
    return found[0]


def assignment_for_save(request, code):
    """The judge's own active assignment for a score save, or 404: only the own-team check.

    Flagging a new conflict for the organiser is left to the page the save redirects to (opening
    an entry flags it), which keeps the save itself short; a judge's own team's entry is still
    refused here, so no score is ever written for it.
    """
    assignment = own_assignment(request, code)
    if judging_own_team([assignment]):
        raise Http404
    return assignment


def assignment_with_neighbours(request, code):
    """The judge's own active assignment, their round's list in order, and its position, or 404.

    One conflict check over the whole round covers the assignment too (the score form needs the
    list for its progress and previous/next links anyway).
    """
    ordered, position = round_and_position(request, own_assignment(request, code))
    if position is None:  # the judge's own team's entry, or ended between the two reads
        raise Http404
    return ordered[position], ordered, position


def round_assignments(request, round_id):
    """The judge's assignments in one round, in their own stable random order."""
    rows = (
        assignments_visible_to(request.user)
        .filter(round_id=round_id)
        .select_related("entry__team")
        .prefetch_related(Prefetch("entry__track"))
        .order_by("order_key", "pk")
    )
    return checked(rows)


def scores_by_assignment(assignments):
    return {s.assignment_id: s for s in Score.objects.filter(assignment__in=[a.pk for a in assignments])}


def annotate(assignments):
    scores = scores_by_assignment(assignments)
    for assignment in assignments:
        assignment.blind_code = blind_code(assignment.entry)
        assignment.my_score = scores.get(assignment.pk)
    submitted = sum(1 for a in assignments if a.my_score and a.my_score.is_submitted)
    return submitted


def round_and_position(request, assignment):
    """The judge's round list in order, and the assignment's place in it."""
    ordered = round_assignments(request, assignment.round_id)
    position = next((index for index, row in enumerate(ordered) if row.pk == assignment.pk), None)
    return ordered, position


def next_unsubmitted(request, assignment):
    ordered, position = round_and_position(request, assignment)
    scores = scores_by_assignment(ordered)
    rotated = ordered[position + 1 :] + ordered[:position]
    for candidate in rotated:
        score = scores.get(candidate.pk)
        if not (score and score.is_submitted):
            return candidate
    return None
