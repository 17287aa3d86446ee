"""Admin widgets of the scene and solution editors: taxonomy multi-selects as checkbox lists.

A <select multiple> of 16 domains or 24 data resources needs Ctrl-click, and one slip clears the
choice. A checkbox list shows every choice and what is ticked; data resources come grouped by their
department, and a long list gets a filter box (added by js/admin-checkbox-filter.js; the label of
that box is passed in a data attribute, so it follows the admin language).
"""

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

FILTER_FROM = 20  # lists at least this long get a filter box
FILTER_LABEL = _("筛选")


class TaxonomyCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in columns; ``group_by(instance)`` names the group an option is listed under."""

    def __init__(self, group_by=None, filter_label=FILTER_LABEL, attrs=None):
        classes = "taxonomy-checkboxes" + (" taxonomy-checkboxes--grouped" if group_by else "")
        # Options inherit these attributes: the filter script reads its label from the first box.
        super().__init__(attrs={"class": classes, "data-filter-label": filter_label, **(attrs or {})})
        self.group_by = group_by

    class Media:
        css = {"all": ["css/admin-checkboxes.css"]}
        js = ["js/admin-checkbox-filter.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if len(self.choices) >= FILTER_FROM:
            context["widget"]["attrs"]["class"] += " taxonomy-checkboxes--filterable"
        return context

    def optgroups(self, name, value, attrs=None):
        if self.group_by is None:
            return super().optgroups(name, value, attrs)
        # A model field's choices are flat (value, label) pairs; regroup them by the instance.
        options = sorted(self.choices, key=lambda choice: self.group_by(choice[0].instance))
        flat = self.choices
        self.choices = [
            (group, list(choices)) for group, choices in groupby(options, key=lambda c: self.group_by(c[0].instance))
        ]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = flat


def department_of(data_resource):
    return data_resource.department


def domain_checkboxes():
    return TaxonomyCheckboxes(filter_label=_("筛选应用领域"))


def data_resource_checkboxes():
    return TaxonomyCheckboxes(group_by=department_of, filter_label=_("按名称或部门筛选数据资源"))
