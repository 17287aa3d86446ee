"""Portal forms of an entry's data page: the declared uses (one row per resource) and a finding.

A row names its resource by its 网址标识 (slug) in a text box with suggestions (the 赛题's offered
data first): any resource of the catalogue may be declared, and the page never lists the whole
catalogue. ``contests.services.data_use`` decides; these forms only collect and clean input.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import NoColonLabelsMixin
from contests.choices import FindingCategory
from contests.services.data_use import DESCRIPTION_MAX, HOW_MAX

EXTRA_ROWS = 2
MAX_ROWS = 50


class DataUseRowForm(NoColonLabelsMixin, forms.Form):
    resource = forms.CharField(
        label=_("数据资源"),
        required=False,
        max_length=80,
        help_text=_("输入或选择数据资源的网址标识（可从建议中选择，赛题提供的数据排在最前）"),
        widget=forms.TextInput(attrs={"list": "data-resource-suggestions", "autocomplete": "off"}),
    )
    how = forms.CharField(
        label=_("使用方式"),
        required=False,
        max_length=HOW_MAX,
        help_text=_("一句话说明如何使用了这项数据，不超过 200 字"),
    )

    def clean(self):
        cleaned = super().clean()
        resource, how = (cleaned.get("resource") or "").strip(), (cleaned.get("how") or "").strip()
        if how and not resource:
            self.add_error("resource", _("请填写数据资源。"))
        elif resource and not how and "how" not in self.errors:
            self.add_error("how", _("请填写使用方式（一句话）。"))
        cleaned["resource"], cleaned["how"] = resource, how
        return cleaned


class BaseDataUseFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.resolved = []

    def clean(self):
        """Resolve every row's slug with one query; unknown or repeated resources are errors."""
        from scenes.models import DataResource

        if any(self.errors):
            return
        rows = [form.cleaned_data for form in self.forms if form.cleaned_data.get("resource")]
        known = {r.slug: r for r in DataResource.objects.filter(slug__in=[row["resource"] for row in rows])}
        seen = set()
        for form in self.forms:
            slug = form.cleaned_data.get("resource")
            if not slug:
                continue
            resource = known.get(slug)
            if resource is None:
                form.add_error("resource", _("没有网址标识为“%(slug)s”的数据资源。") % {"slug": slug})
            elif resource.pk in seen:
                form.add_error("resource", _("这项数据资源已在上面填写过。"))
            else:
                seen.add(resource.pk)
                self.resolved.append((resource, form.cleaned_data["how"]))
        if any(self.errors):
            self.resolved = []
            raise forms.ValidationError(_("请更正下面标出的错误后再保存。"))


DataUseFormSet = forms.formset_factory(
    DataUseRowForm,
    formset=BaseDataUseFormSet,
    extra=EXTRA_ROWS,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FindingForm(NoColonLabelsMixin, forms.Form):
    resource = forms.ModelChoiceField(label=_("数据资源"), queryset=None, empty_label=_("请选择已声明使用的数据资源"))
    category = forms.ChoiceField(label=_("问题类型"), choices=FindingCategory.choices)
    description = forms.CharField(
        label=_("问题描述"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明缺失的字段、错误的记录、更新滞后或格式问题，便于数据责任单位核实处理"),
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources
        self.fields["resource"].error_messages["invalid_choice"] = _("只能对作品已声明使用的数据资源报告问题。")
