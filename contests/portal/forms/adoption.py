"""Forms of adoption milestones (落地). They only collect input; ``contests.services.adoption`` decides."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from contests.models import AdoptionMilestone
from contests.services.adoption import milestones as rules
from contests.services.uploads import FORMATS


class DateInput(forms.DateInput):
    input_type = "date"


class MilestoneForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AdoptionMilestone
        fields = list(rules.FIELDS)
        widgets = {
            "happened_on": DateInput(format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "title": _("例如：在济南市历下区 12 个社区正式上线"),
            "node": _("落地所在的城市节点，由该市编辑确认。"),
            "unit": _("落地单位在列表中时选择，由该单位确认；不在列表中时填写下一项。"),
            "scene": _("如果这次落地已成为数用展示的应用场景，请选择。"),
            "beneficiaries": _("这次落地本身服务的人次或用户数（整数）。"),
            "investment_wan": _("这次获得的投资或资金，单位万元。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from scenes.choices import NodeKind
        from scenes.models import Node, ScenePage, Unit

        self.fields["node"].queryset = Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order", "pk")
        # The city in the active language (Jinan on /en/), as everywhere else on the site.
        self.fields["node"].label_from_instance = lambda node: node.display_name
        self.fields["unit"].queryset = Unit.objects.order_by("name")
        self.fields["scene"].queryset = ScenePage.objects.live().public().order_by("title")
        self.fields["beneficiaries"].validators += [MinValueValidator(0), MaxValueValidator(rules.MAX_BENEFICIARIES)]
        self.fields["investment_wan"].validators += [MinValueValidator(0), MaxValueValidator(rules.MAX_INVESTMENT_WAN)]
        self.fields["beneficiaries"].widget.attrs.update({"min": 0, "max": rules.MAX_BENEFICIARIES})
        self.fields["investment_wan"].widget.attrs.update({"min": 0, "max": rules.MAX_INVESTMENT_WAN})

    def clean(self):
        data = super().clean()
        if not data.get("node") and not data.get("unit"):
            # The city's editors or the unit's members confirm: one of them must be named.
            raise forms.ValidationError(_("请选择落地城市或落地单位：由该市编辑或该单位确认。"))
        return data

    def service_data(self):
        return {field: self.cleaned_data.get(field) for field in rules.FIELDS}


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("证明材料"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.xlsx,.docx,.zip"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = "、".join(FORMATS[key].label for key in ("pdf", "xlsx", "docx", "zip"))
        self.fields["file"].help_text = _("%(formats)s，单个文件不超过 %(size)d MB，每条最多 %(max)d 个") % {
            "formats": labels,
            "size": rules.EVIDENCE_MAX_BYTES // (1024 * 1024),
            "max": rules.EVIDENCE_MAX_FILES,
        }
