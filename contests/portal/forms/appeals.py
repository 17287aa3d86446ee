"""Forms of publication and appeals. They only collect input; ``contests.services.outcomes`` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contests.services.outcomes import appeals as rules


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); the service checks their content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": rules.accept_attribute()}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AppealForm(forms.Form):
    reasons = forms.CharField(
        label=_("申诉理由"),
        min_length=rules.MIN_REASONS,
        max_length=rules.MAX_REASONS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("请具体说明对哪项结果有异议及理由（10–5000 字）。"),
    )
    files = MultipleFileField(label=_("证明材料"), required=False)
    confirm = forms.BooleanField(
        label=_("我确认：每个团队每轮只能申诉一次，提交后不能修改或撤回。"),
        error_messages={"required": _("请勾选确认后再提交申诉。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = rules.describe_allowed()

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > rules.MAX_FILES:
            raise forms.ValidationError(_("最多上传 %(count)d 个申诉材料。"), params={"count": rules.MAX_FILES})
        return files
