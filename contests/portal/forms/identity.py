"""Forms of real-name verification and unit vetting for participants. They only collect input; the
services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contests.services import identity as rules
from contests.services import vetting


class DocumentUploadForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("选择文件"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = rules.accept_attribute()


class SubmitForm(forms.Form):
    legal_name = forms.CharField(
        label=_("证件姓名"),
        max_length=rules.MAX_LEGAL_NAME,
        help_text=_("与身份证上的姓名完全一致。"),
        error_messages={"required": _("请填写证件上的姓名。")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("我确认以上材料真实、属于本人；提交后在审核完成前不能修改。"),
        error_messages={"required": _("请勾选确认后再提交。")},
    )


class ApplyForm(forms.Form):
    organisation = forms.CharField(label=_("单位名称"), max_length=vetting.MAX_ORGANISATION)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, required=False, help_text=_("18 位，学校和企业都有。")
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=vetting.MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("你在单位的职务和联系方式，供组委会核实。"),
    )
