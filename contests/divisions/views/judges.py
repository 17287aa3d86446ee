"""The division's judges (JudgeProfile.division = this division) and inviting a new one: the
profile is created for the division and the invitation sent by the judging service."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contests.divisions.base import division_manager_required
from contests.divisions.forms import DivisionJudgeForm
from contests.services import ContestError
from contests.services.audit import record
from contests.services.divisions import judges_in_division
from contests.services.judging.judges import invite_judge


@require_GET
@division_manager_required
def judge_list(request, division):
    judges = judges_in_division(division).select_related("city").prefetch_related("expertise").order_by("name", "pk")
    return render(request, "contests/divisions/judges.html", {"division": division, "judges": judges})


@require_http_methods(["GET", "POST"])
@division_manager_required
def judge_invite(request, division):
    form = DivisionJudgeForm(request.POST or None, division=division)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                judge = form.save()
                record(
                    "division.judge_added", judge, actor=request.user, contest=division.contest,
                    after={"division": division.pk, "email": judge.email},
                )  # fmt: skip
                invite_judge(judge, actor=request.user)
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已为本分赛区添加评委，邀请已发送至 %(email)s。") % {"email": judge.email})
            return redirect(
                "contests:divisions:judges", contest_slug=division.contest.slug, division_slug=division.slug
            )
    return render(request, "contests/divisions/judge_invite.html", {"division": division, "form": form})
