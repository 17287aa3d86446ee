"""A checklist widget for long multiple choices (an entry's data resources): grouped checkboxes
in fieldsets, each box on the same line as its label, and — when the list is long — a filter box
that ``contests/checklist.js`` reveals (without JavaScript every box is simply listed)."""

from django import forms
from django.forms.renderers import TemplatesSetting

# From this many options on, the filter box is offered.
FILTER_FROM = 11


class GroupedChecklist(forms.CheckboxSelectMultiple):
    """Choices as ``[(group label, [(value, label), …]), …]``; one fieldset per group."""

    template_name = "contests/widgets/checklist.html"

    def __init__(self, *args, filter_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.filter_label = filter_label

    def render(self, name, value, attrs=None, renderer=None):
        # The template lives with the project's templates (templates/contests/widgets/), which the
        # default form renderer does not search; TemplatesSetting loads through TEMPLATES.
        return super().render(name, value, attrs, renderer=TemplatesSetting())

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        count = sum(len(options) for _group, options, _index in context["widget"]["optgroups"])
        context["widget"]["filterable"] = count >= FILTER_FROM
        context["widget"]["filter_label"] = self.filter_label
        context["widget"]["count"] = count
        return context
