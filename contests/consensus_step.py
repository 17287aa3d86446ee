"""The consensus step's form and its POST handling, shown by the lead judge's workspace and the
organiser's admin alike. Shared by two interfaces, so it lives beside them rather than inside either
(like ``contests.adoption_decision``); the rules are in ``contests.services.judging.consensus``."""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests.services import ContestError
from contests.services.judging.consensus import record_consensus


class ConsensusForm(forms.Form):
    value = forms.DecimalField(
        label=gettext_lazy("合议得分（0–100）"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        help_text=gettext_lazy("与加权总分同一尺度（满分 100）。原始评分保持不变，成绩页同时显示两者及差值。"),
        error_messages={
            "invalid": gettext_lazy("合议得分应为 0 到 100 之间的数字。"),
            "min_value": gettext_lazy("合议得分应为 0 到 100 之间的数字。"),
            "max_value": gettext_lazy("合议得分应为 0 到 100 之间的数字。"),
            "max_digits": gettext_lazy("合议得分应为 0 到 100 之间的数字。"),
            "max_decimal_places": gettext_lazy("合议得分最多保留两位小数。"),
        },
    )
    reason = forms.CharField(label=gettext_lazy("合议理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def consensus_form(request, existing):
    initial = {"version": existing.version if existing else 0}
    if existing:
        initial.update(value=existing.value, reason=existing.reason)
    return ConsensusForm(request.POST or None, initial=initial)


def save_consensus(request, round_, entry, form):
    """Record the form's consensus score; True when saved (message added), False with form errors."""
    try:
        record_consensus(
            round_, entry, actor=request.user, value=form.cleaned_data["value"],
            reason=form.cleaned_data["reason"], version=form.cleaned_data["version"],
        )  # fmt: skip
    except ContestError as error:
        form.add_error(None, error.message)
        return False
    messages.success(request, _("合议得分已保存。重新计算成绩后用于排名。"))
    return True
