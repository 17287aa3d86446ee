"""The live final's forms: they collect input; the services decide."""

from django import forms
from django.db.models import Q
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


RESERVED_SLUGS = {"new"}


class SessionForm(forms.Form):
    round = forms.ModelChoiceField(label=_("评审轮次"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("名称"), max_length=120)
    slug = forms.SlugField(label=_("网址标识"), max_length=60, help_text=_("用于 /live/<网址标识>/，例如 final-2026"))
    pitch_minutes = forms.IntegerField(label=_("陈述时长（分钟）"), min_value=1, max_value=120, initial=8)
    questions_minutes = forms.IntegerField(label=_("提问时长（分钟）"), min_value=1, max_value=120, initial=7)
    appeal_minutes = forms.IntegerField(label=_("现场申诉时限（分钟）"), min_value=1, max_value=240, initial=20)
    is_public = forms.BooleanField(label=_("公开大屏与抽签结果"), required=False)

    def __init__(self, *args, rounds, taken, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.taken = taken

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS or slug in self.taken:
            raise forms.ValidationError(_("该网址标识已被使用，请换一个。"))
        return slug


class RoomForm(forms.Form):
    name = forms.CharField(label=_("会场名称"), max_length=60)
    slug = forms.SlugField(label=_("网址标识"), max_length=60)
    hosts = forms.CharField(
        label=_("主持人邮箱"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个已注册账号的邮箱；大赛组织者无需填写也可主持。"),
    )
    panel = forms.ModelMultipleChoiceField(label=_("评委组"), queryset=None, widget=forms.CheckboxSelectMultiple)
    chair = forms.ModelChoiceField(label=_("评委组组长"), queryset=None, required=False)
    entries = forms.ModelMultipleChoiceField(
        label=_("本会场的参赛作品"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, judges, entries, taken, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = judges
        self.fields["chair"].queryset = judges
        self.fields["entries"].queryset = entries
        self.taken, self.users = taken, users

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in self.taken:
            raise forms.ValidationError(_("该网址标识已被使用，请换一个。"))
        return slug

    def clean_hosts(self):
        emails = [line.strip().lower() for line in self.cleaned_data["hosts"].splitlines() if line.strip()]
        matches = Q(pk__in=[])
        for email in emails:
            matches |= Q(email__iexact=email)
        found = {user.email.lower(): user for user in self.users.filter(matches)}
        unknown = [email for email in emails if email not in found]
        if unknown:
            raise forms.ValidationError(_("没有这些邮箱的账号：%(emails)s") % {"emails": "、".join(unknown)})
        return list(found.values())

    def clean(self):
        data = super().clean()
        chair, panel = data.get("chair"), data.get("panel")
        if chair is not None and panel is not None and chair not in panel:
            self.add_error("chair", _("评委组组长必须是本会场的评委。"))
        return data
