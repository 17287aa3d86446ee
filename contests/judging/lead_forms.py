"""Forms of the consensus step and the lead judge's workspace; the rules are in the services
(contests.services.judging.consensus, .leads)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConsensusForm(forms.Form):
    value = forms.DecimalField(
        label=_("合议得分（0–100）"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        help_text=_("与加权总分同一尺度（满分 100）。原始评分保持不变，成绩页同时显示两者及差值。"),
        error_messages={
            "invalid": _("合议得分应为 0 到 100 之间的数字。"),
            "min_value": _("合议得分应为 0 到 100 之间的数字。"),
            "max_value": _("合议得分应为 0 到 100 之间的数字。"),
            "max_digits": _("合议得分应为 0 到 100 之间的数字。"),
            "max_decimal_places": _("合议得分最多保留两位小数。"),
        },
    )
    reason = forms.CharField(label=_("合议理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class FlagForm(forms.Form):
    note = forms.CharField(
        label=_("分歧说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明评委之间的分歧所在，组织者会在合议页面看到。"),
    )


class RemindForm(forms.Form):
    confirm = forms.BooleanField(label=_("我确认向未完成评审的评委发送催办邮件（每位评委每天最多一封）。"))
