"""The milestone decision step (确认 / 需补充材料 / 不予确认) that the admin's 落地确认 pages and the
unit workspace both show: the form, the labels, and the POST handling around ``review.decide``.
Shared by two interfaces, so it lives beside them rather than inside either."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests.services import ContestError
from contests.services.adoption import review


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("意见"), required=False, max_length=review.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        if decision != review.CONFIRM:
            self.fields["note"].required = True
            self.fields["note"].label = gettext_lazy("理由（团队会看到）")


def decision_labels():
    return {review.CONFIRM: _("确认"), review.MORE_INFO: _("需补充材料"), review.REJECT: _("不予确认")}


def handle_decision(request, milestone, decision, *, back, done, show):
    """Run the decision page: ``back`` (a redirect target) when the milestone is no longer open,
    ``done`` after a recorded decision, else ``show(context, status)`` with the form and its errors."""
    if milestone.status not in review.DECIDABLE:
        messages.error(request, _("这条里程碑已有结论或正等待团队补充材料。"))
        return redirect(back)
    form = DecisionForm(request.POST or None, decision=decision, initial={"version": milestone.version})
    if request.method == "POST" and form.is_valid():
        try:
            review.decide(
                milestone,
                actor=request.user,
                decision=decision,
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已记录结论，并通知团队。"))
            return redirect(done)
    context = {"milestone": milestone, "form": form, "decision": decision, "label": decision_labels()[decision]}
    return show(context, 400 if request.method == "POST" else 200)
