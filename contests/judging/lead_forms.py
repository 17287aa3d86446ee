"""Forms of the consensus step and the lead judge's workspace; the rules are in the services
(contests.services.judging.consensus, .leads)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class FlagForm(forms.Form):
    note = forms.CharField(
        label=_("分歧说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明评委之间的分歧所在，组织者会在合议页面看到。"),
    )


class RemindForm(forms.Form):
    confirm = forms.BooleanField(label=_("我确认向未完成评审的评委发送催办邮件（每位评委每天最多一封）。"))
