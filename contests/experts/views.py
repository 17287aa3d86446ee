"""The expert's own pages (/experts/): apply to the pool, the own profile and judging record, and
accepting an organiser's invitation. Each page shows the signed-in user's own expert row only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contests.experts.forms import ExpertProfileForm
from contests.models import Expert, ExpertStatus
from contests.services import ContestError
from contests.services.experts import pool
from contests.services.experts.record import records_for


def _own_expert(user):
    return Expert.objects.select_related("city").prefetch_related("domains").filter(user=user).first()


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    expert = _own_expert(request.user)
    if expert is not None and expert.status != ExpertStatus.APPLIED:
        return redirect("contests:experts:me")
    form = ExpertProfileForm(request.POST or None, initial={"name": request.user.get_full_name()})
    if expert is None and request.method == "POST" and form.is_valid():
        try:
            pool.apply(request.user, data=form.profile_data(), domains=form.cleaned_data["domains"])
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("申请已提交，组织者审核后会通过邮件通知您。"))
            return redirect("contests:experts:me")
    return render(request, "contests/experts/apply.html", {"form": form, "pending": expert})


@login_required
@require_http_methods(["GET", "POST"])
def me(request):
    expert = _own_expert(request.user)
    if expert is None:
        return redirect("contests:experts:apply")
    form = ExpertProfileForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        try:
            pool.update_profile(
                expert,
                data=form.profile_data(),
                domains=form.cleaned_data["domains"],
                version=form.cleaned_data["version"],
                actor=request.user,
            )
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("专家资料已保存。"))
            return redirect("contests:experts:me")
    record = records_for([expert], with_history=True)[expert.pk]
    return render(request, "contests/experts/me.html", {"expert": expert, "form": form, "record": record})


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    expert = pool.read_invitation(token)
    if expert is None:
        return render(request, "contests/experts/invitation_invalid.html", status=404)
    context = {"expert": expert}
    if request.user.is_authenticated:
        context["wrong_account"] = request.user.email.strip().lower() != expert.email
        if request.method == "POST":
            try:
                pool.accept_invitation(expert, request.user)
            except ContestError as error:
                messages.error(request, error.message)
                return redirect(request.path)
            messages.success(request, _("您已加入专家库。"))
            return redirect("contests:experts:me")
    return render(request, "contests/experts/invitation.html", context)
