"""The live final's forms: they collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _


def confirm_field(label):
    return forms.BooleanField(label=label, error_messages={"required": _("请勾选确认后再提交。")})


class ConfirmForm(forms.Form):
    confirm = confirm_field(_("我已核对，确认执行此操作。"))


class DrawForm(forms.Form):
    seed = forms.CharField(
        label=_("抽签种子（可选）"),
        required=False,
        max_length=64,
        help_text=_("留空则由系统随机生成；种子将公开，任何人可据此复现抽签结果。"),
    )
    confirm = confirm_field(_("我已核对各会场的团队，确认抽签（抽签后不能重抽）。"))


class HostSignOffForm(forms.Form):
    representative = forms.CharField(label=_("团队代表姓名"), max_length=50)
    confirm = confirm_field(_("团队代表已核对本队得分，确认无异议。"))


class CodeSignOffForm(forms.Form):
    code = forms.CharField(
        label=_("确认码"),
        max_length=6,
        min_length=6,
        help_text=_("主持人屏幕上显示的 6 位数字。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    confirm = confirm_field(_("我已核对本队得分，确认无异议。"))


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("申诉理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("裁决结论"),
        choices=[("rejected", _("申诉驳回")), ("upheld", _("申诉成立"))],
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(label=_("裁决意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    confirm = confirm_field(_("裁决后不能更改，确认提交。"))


class VideoForm(forms.Form):
    video_url = forms.URLField(label=_("现场视频链接"), required=False, assume_scheme="https")
