"""Admin widgets of the scene, solution and need editors: the taxonomy multi-selects.

A <select multiple> of 16 domains needs Ctrl-click, and one slip clears the choice. A checkbox list
shows every choice and what is ticked; a long list gets a filter box (added by
js/admin-checkbox-filter.js; the label of that box is passed in a data attribute, so it follows the
admin language).

Data resources are a catalogue of up to 150,000 rows, too many to list: ``DataResourcePicker`` draws
the chosen ones only (ticked checkboxes; untick to remove) and a search box that asks the admin's
resource search (scenes/picker_views.py) for at most 20 matches, each with an 添加 button
(js/resource-picker.js). The page costs one query for the chosen rows, whatever the catalogue.
"""

from itertools import groupby

from django import forms
from django.urls import reverse
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


def domain_checkboxes():
    return TaxonomyCheckboxes(filter_label=_("筛选应用领域"))


class DataResourcePicker(forms.Widget):
    """The chosen data resources as ticked checkboxes (posted like a checkbox list), and a search box
    that adds more. Never iterates the field's choices: only the chosen rows are read.

    ``search_url_name`` names the JSON search it asks (the admin's by default; the team portal has its
    own); ``multiple=False`` makes it a single choice (radio buttons, for a ModelChoiceField);
    ``suggested`` is a callable giving a few resources to offer as unticked boxes (a contest
    track's open data), listed under ``suggested_label``; ``input_class`` styles the search box."""

    template_name = "scenes/widgets/data_resource_picker.html"

    class Media:
        css = {"all": ["css/resource-picker.css"]}
        js = ["js/resource-picker.js"]

    def __init__(
        self,
        attrs=None,
        search_url_name="scenes_resource_search",
        suggested=None,
        suggested_label="",
        input_class="w-field__input",
        multiple=True,
    ):
        super().__init__(attrs)
        self.multiple = multiple
        self.search_url = None  # a form may set the address itself (one with arguments)
        self.search_url_name = search_url_name
        self.suggested = suggested
        self.suggested_label = suggested_label
        self.input_class = input_class

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
        chosen = self.chosen(values)
        taken = {resource.pk for resource in chosen}
        suggested = [resource for resource in (self.suggested() if self.suggested else []) if resource.pk not in taken]
        context["widget"].update(
            chosen=chosen,
            suggested=suggested,
            suggested_label=self.suggested_label,
            search_url=self.search_url or reverse(self.search_url_name),
            input_class=self.input_class,
            input_type="checkbox" if self.multiple else "radio",
        )
        return context

    def chosen(self, values):
        """The chosen rows of the field's queryset (the model form field sets ``choices`` to an
        iterator over it), by name; ids that are not ids (words, out of range) are left out. One
        query, or none."""
        pks = set()
        for value in values:
            try:
                pk = int(getattr(value, "pk", value))
            except (TypeError, ValueError):
                continue
            if 0 < pk < 2**63:
                pks.add(pk)
        queryset = getattr(self.choices, "queryset", None) if hasattr(self, "choices") else None
        if not pks or queryset is None:
            return []
        return list(queryset.filter(pk__in=pks).only("pk", "name", "department").order_by("name", "pk"))

    def format_value(self, value):
        return value

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        if not self.multiple or getter is None:
            return data.get(name)
        return getter(name)

    def value_omitted_from_data(self, data, files, name):
        # Like checkboxes: unticking every box sends nothing, and that means "none".
        return False if self.multiple else name not in data

    def id_for_label(self, id_):
        # The field's label names the search box; each chosen resource's checkbox has its own label.
        return f"{id_}_search" if id_ else id_


def data_resource_picker():
    return DataResourcePicker()
