"""Forms of winner due diligence for teams. They only collect input; the service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contests.services.outcomes import due_diligence as rules


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label=_("选择文件"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = rules.accept_attribute()


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("我确认材料真实、完整；提交后不能修改或补充。"),
        error_messages={"required": _("请勾选确认后再提交。")},
    )
