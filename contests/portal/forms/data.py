"""The data desk's apply form. It only collects input; ``contests.services.datadesk`` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import NoColonLabelsMixin
from cms.validators import reject_bidi_controls
from contests.services.datadesk import MAX_PURPOSE


class DataApplyForm(NoColonLabelsMixin, forms.Form):
    offers = forms.ModelMultipleChoiceField(
        label=_("申请的数据"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一项数据。"), "invalid_choice": _("所选数据不可申请，请刷新页面。")},
    )
    purpose = forms.CharField(
        label=_("用途说明"),
        max_length=MAX_PURPOSE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明数据将用于作品的哪些分析或功能，出题单位据此审批。"),
        validators=[reject_bidi_controls],
        error_messages={"required": _("请说明数据的用途。")},
    )
    agree = forms.ModelMultipleChoiceField(
        label=_("数据使用协议"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, offers, agreements, accepted_ids, **kwargs):
        super().__init__(*args, **kwargs)
        from contests.models import DataAgreement, OfferedResource

        self.agreements = agreements  # {offer id: current agreement}
        self.accepted_ids = accepted_ids
        self.fields["offers"].queryset = OfferedResource.objects.filter(pk__in=[offer.pk for offer in offers])
        self.fields["agree"].queryset = DataAgreement.objects.filter(pk__in=[a.pk for a in agreements.values()])

    def clean(self):
        cleaned = super().clean()
        agreed = {agreement.pk for agreement in cleaned.get("agree") or ()} | self.accepted_ids
        for offer in cleaned.get("offers") or ():
            agreement = self.agreements.get(offer.pk)
            if agreement is not None and agreement.pk not in agreed:
                self.add_error(
                    "agree",
                    _("请阅读并勾选同意“%(name)s”的数据使用协议（第 %(version)d 版）。")
                    % {"name": offer.resource.name, "version": agreement.version},
                )
        return cleaned
