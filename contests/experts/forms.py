"""The expert's own profile form (application and later edits) — it only collects input; the rules
are in ``contests.services.experts.pool``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contests.models import Expert
from contests.services.experts.pool import PROFILE_FIELDS, limit_relations_field
from scenes.choices import NodeKind
from scenes.models import Domain, Node


class ExpertProfileForm(forms.ModelForm):
    domains = forms.ModelMultipleChoiceField(
        label=_("专业领域"),
        queryset=Domain.objects.order_by("sort_order", "pk"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个专业领域。")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Expert
        fields = [*PROFILE_FIELDS, "domains"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "declared_relations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order", "pk")
        self.fields["city"].required = True
        self.fields["organisation"].required = True
        limit_relations_field(self)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def profile_data(self):
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}
