"""The no-conflict declaration a judge makes before seeing an entry, and recusal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contests.judging.forms import DeclarationForm, RecusalForm
from contests.judging.views.lookup import assignment_or_404
from contests.rules import can_recuse
from contests.services import ContestError
from contests.services.judging.assignment import declare_no_conflict, recuse
from contests.services.judging.judges import assignments_visible_to, blind_code


@login_required
@require_POST
def declare(request, code):
    assignment = assignment_or_404(request, code)
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请勾选无利益冲突声明；如存在利益冲突，请申请回避。"))
    else:
        declare_no_conflict(assignment, actor=request.user)
    return redirect("contests:judging:assignment", code=code)


@login_required
@require_http_methods(["GET", "POST"])
def recusal(request, code):
    assignment = assignment_or_404(request, code)
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
