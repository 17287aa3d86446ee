"""The entry form's configured questions (作品表单字段) in the "大赛" menu: organisers add, edit,
order (``sort_order``) and switch off questions per contest, narrowed to a track or a round,
without code. A question that already has answers keeps its key and kind (the answers are stored
under the key and cleaned by the kind): the change is refused and the organiser is told to switch
the question off and add a new one instead."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList

from contests.models import Entry, EntryFile, EntryFormField
from contests.organiser.base import OrganiserModelViewSet


def has_answers(field):
    """Whether any entry answered ``field`` (a saved value or a file under its key)."""
    return (
        Entry.objects.filter(contest_id=field.contest_id, extra__has_key=field.key).exists()
        or EntryFile.objects.filter(entry__contest_id=field.contest_id, field_key=field.key).exists()
    )


class EntryFormFieldForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        saved = self.instance
        if saved.pk:
            before = EntryFormField.objects.get(pk=saved.pk)
            contest = cleaned.get("contest")
            changed = (
                (contest is not None and contest.pk != before.contest_id)
                or ("key" in cleaned and cleaned["key"] != before.key)
                or ("kind" in cleaned and cleaned["kind"] != before.kind)
            )
            if changed and has_answers(before):
                raise forms.ValidationError(
                    _("已有作品回答了该字段，不能修改其所属大赛、字段标识或类型。请停用该字段，另建一个新字段。")
                )
        contest, condition_key = cleaned.get("contest"), cleaned.get("condition_key")
        if contest is not None and condition_key:
            others = EntryFormField.objects.filter(contest=contest, key=condition_key).exclude(pk=saved.pk)
            if not others.exists():
                self.add_error("condition_key", _("本届大赛没有标识为“%(key)s”的字段。") % {"key": condition_key})
        if cleaned.get("condition_key") and not cleaned.get("condition_value"):
            self.add_error("condition_value", _("设置显示条件时须填写取值。"))
        return cleaned


class EntryFormFieldViewSet(OrganiserModelViewSet):
    model = EntryFormField
    name = "contest_form_fields"
    icon = "form"
    menu_label = pgettext_lazy("admin menu", "作品表单字段")
    ordering = ["contest", "round__number", "sort_order", "id"]
    search_fields = ["label", "key", "help_text"]
    list_filter = ["contest", "kind", "active", "show_to_judges"]
    list_display = [
        "label",
        "key",
        "contest",
        "track",
        "round",
        "kind",
        "required",
        "show_to_judges",
        "active",
        "sort_order",
    ]
    list_export = [
        "contest",
        "track",
        "round",
        "key",
        "label",
        "kind",
        "required",
        "help_text",
        "word_limit",
        "choices",
        "condition_key",
        "condition_value",
        "show_to_judges",
        "sort_order",
        "active",
    ]
    export_filename = "entry-form-fields"
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("contest"), FieldRowPanel([FieldPanel("track"), FieldPanel("round")])],
                heading=_("适用范围"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("label"), FieldPanel("key")]),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
                    FieldPanel("help_text"),
                    FieldPanel("word_limit"),
                    FieldPanel("choices"),
                ],
                heading=_("问题"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("condition_key"), FieldPanel("condition_value")])],
                heading=_("显示条件"),
                help_text=_("只在另一个字段（填写其字段标识）的回答等于该取值时显示；留空表示始终显示。"),
            ),
            FieldRowPanel([FieldPanel("show_to_judges"), FieldPanel("active"), FieldPanel("sort_order")]),
        ],
        base_form_class=EntryFormFieldForm,
    )

    def list_queryset(self, queryset):
        return queryset.select_related("contest", "track", "round__contest")
