"""The team's answer to a finalist confirmation (/portal/finalists/<pk>/confirm|decline/): a page
that says what will happen, then the answer. Only leaders and members of the entry's team may
answer (advisers do not play); for anyone else the confirmation does not exist (404). The deadline
is checked by the service on the server."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from contests.models.finalists import FinalistConfirmation, FinalistStatus
from contests.services import ContestError
from contests.services.outcomes import finalists as service
from contests.services.visibility import entries_visible_to


class ConfirmForm(forms.Form):
    confirmed = forms.BooleanField(
        label=gettext_lazy("我们确认参加下一轮比赛，并按大赛安排参加评审和答辩"),
        error_messages={"required": gettext_lazy("请勾选确认后再提交。")},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("放弃原因"),
        max_length=service.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("请填写放弃晋级的原因。")},
    )
    confirmed = forms.BooleanField(
        label=gettext_lazy("我们知道放弃晋级后不能撤销，名额将由候补作品递补"),
        error_messages={"required": gettext_lazy("请勾选确认后再提交。")},
    )


def answerable(request, pk):
    confirmation = get_object_or_404(
        FinalistConfirmation.objects.select_related("entry__team", "entry__contest", "decision__next_round").filter(
            entry__in=entries_visible_to(request.user)
        ),
        pk=pk,
    )
    if not service.may_respond(request.user, confirmation):
        raise Http404
    return confirmation


def _answer(request, pk, *, accept):
    confirmation = answerable(request, pk)
    entry = confirmation.entry
    service.lapse_overdue(timezone.now(), entry=entry)
    confirmation.refresh_from_db()
    form_class = ConfirmForm if accept else DeclineForm
    form = form_class(request.POST if request.method == "POST" else None)
    if confirmation.status != FinalistStatus.PENDING:
        status = confirmation.get_status_display()
        messages.info(request, _("该晋级确认已不再等待答复：%(status)s。") % {"status": status})
        return redirect("contests:entry_detail", uuid=entry.uuid)
    if request.method == "POST" and form.is_valid():
        try:
            service.respond(confirmation, user=request.user, accept=accept, reason=form.cleaned_data.get("reason", ""))
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            if accept:
                messages.success(request, _("已确认参加下一轮比赛。"))
            else:
                messages.success(request, _("已放弃晋级，名额将由候补作品递补。"))
            return redirect("contests:entry_detail", uuid=entry.uuid)
    return render(
        request,
        "contests/portal/finalist_answer.html",
        {"confirmation": confirmation, "entry": entry, "team": entry.team, "form": form, "accept": accept},
    )


@login_required
@require_http_methods(["GET", "POST"])
def finalist_confirm(request, pk):
    return _answer(request, pk, accept=True)


@login_required
@require_http_methods(["GET", "POST"])
def finalist_decline(request, pk):
    return _answer(request, pk, accept=False)
