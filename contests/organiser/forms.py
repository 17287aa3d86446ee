"""The organiser's forms in the admin: eligibility decisions, confirmations of decisions that cannot
be taken back, appeal reviews. They only collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contests.choices import IneligibilityReason


class EligibilityForm(forms.Form):
    """Organisers' decision, for one entry or many (the admin's bulk action)."""

    decision = forms.ChoiceField(
        label=_("审查结论"), choices=[("eligible", _("通过")), ("ineligible", _("不通过"))], widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(label=_("不通过原因"), required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", _("请选择")), *IneligibilityReason.choices]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "ineligible" and not data.get("reason"):
            self.add_error("reason", _("请选择形式审查不通过的原因。"))
        return data


def confirm_field(label=None):
    """The required checkbox of an action that changes results: without it the server changes nothing."""
    return forms.BooleanField(
        label=label or _("我已核对，确认执行此操作。"), error_messages={"required": _("请勾选确认后再提交。")}
    )


class ConfirmForm(forms.Form):
    """The confirmation step of a decision that cannot be taken back (publish, finalise, …)."""

    confirm = confirm_field()

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["confirm"].label = label


class ReviewForm(forms.Form):
    DECISIONS = [("upheld", _("申诉成立")), ("rejected", _("申诉驳回"))]

    decision = forms.ChoiceField(label=_("复核结论"), choices=DECISIONS, widget=forms.RadioSelect)
    review = forms.CharField(
        label=_("复核意见"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("团队会看到复核意见，请写明成立或驳回的理由。"),
        error_messages={"required": _("请填写复核意见（申诉成立或驳回的理由）。")},
    )
    confirm = forms.BooleanField(
        label=_("我确认复核结论，提交后不能修改。"), error_messages={"required": _("请勾选确认后再提交。")}
    )
