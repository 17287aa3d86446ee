"""The entry form's configured questions (作品表单字段) in the "大赛" menu: organisers add, edit,
order (``sort_order``) and switch off questions per contest, narrowed to a track or a round,
without code. A question that already has answers keeps its key and kind (the answers are stored
under the key and cleaned by the kind), keeps every option someone chose (the team's next save
would drop an answer no longer offered) and cannot be deleted (its answers would hang on under a
key a new question could take over): the change is refused and the organiser is told to switch
the question off and add a new one instead."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import DeleteView

from contests.models import Entry, EntryFile, EntryFormField
from contests.models.entry_forms import FieldKind
from contests.organiser.base import OrganiserIndexView, OrganiserModelViewSet
from contests.services.entry_forms import is_shown


def has_answers(field):
    """Whether any entry answered ``field`` (a saved value or a file under its key)."""
    return (
        Entry.objects.filter(contest_id=field.contest_id, extra__has_key=field.key).exists()
        or EntryFile.objects.filter(entry__contest_id=field.contest_id, field_key=field.key).exists()
    )


def chosen_options(field):
    """The options of a choice question that some entry of its contest has chosen."""
    chosen = set()
    values = Entry.objects.filter(contest_id=field.contest_id, extra__has_key=field.key).values_list(
        f"extra__{field.key}", flat=True
    )
    for value in values:
        chosen.update(value if isinstance(value, list) else [value])
    return chosen


def hides_answers(field, condition_key, condition_value):
    """Whether the condition would hide ``field`` from an entry that answered it (the answer of a
    hidden question is dropped when the entry is next saved)."""
    if not condition_key:
        return False
    probe = EntryFormField(key=field.key, condition_key=condition_key, condition_value=condition_value)
    answered = Entry.objects.filter(contest_id=field.contest_id, extra__has_key=field.key).values_list(
        "extra", flat=True
    )
    return any(not is_shown(probe, extra or {}) for extra in answered.values_list("extra", flat=True).iterator())


def _asked_with(other, track, round_):
    """Whether every entry asked a question of ``track`` and ``round_`` is also asked ``other``
    (all tracks' or the same track's; at submission, or in the same or an earlier round)."""
    if other.track_id and (track is None or other.track_id != track.pk):
        return False
    if other.round_id:
        return round_ is not None and other.round.number <= round_.number
    return True


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
            condition = (cleaned.get("condition_key", ""), cleaned.get("condition_value", ""))
            if condition != (before.condition_key, before.condition_value) and hides_answers(before, *condition):
                self.add_error(
                    "condition_value",
                    _(
                        "按新的显示条件，部分已回答该字段的作品将不再显示该字段，其回答会在下次保存时丢失。请改用其他条件。"
                    ),
                )
            if before.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) and "choices" in cleaned:
                offered = {line.strip() for line in cleaned["choices"].splitlines() if line.strip()}
                dropped = sorted(chosen_options(before) - offered)
                if dropped:
                    self.add_error(
                        "choices",
                        _("已有作品选择了“%(options)s”，不能删除或改写这些选项（否则这些回答会丢失）。")
                        % {"options": "、".join(str(option) for option in dropped)},
                    )
        contest, condition_key = cleaned.get("contest"), cleaned.get("condition_key")
        if contest is not None and condition_key:
            other = EntryFormField.objects.filter(contest=contest, key=condition_key).exclude(pk=saved.pk).first()
            if other is None:
                self.add_error("condition_key", _("本届大赛没有标识为“%(key)s”的字段。") % {"key": condition_key})
            elif (
                other.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE)
                and cleaned.get("condition_value")
                and cleaned["condition_value"] not in other.choice_list()
            ):
                # Otherwise the question could never be shown (no one can give that answer).
                self.add_error(
                    "condition_value",
                    _("取值须是字段“%(label)s”的选项之一：%(options)s。")
                    % {"label": other.label, "options": "、".join(other.choice_list())},
                )
            elif not _asked_with(other, cleaned.get("track"), cleaned.get("round")):
                # Otherwise the question could never be shown (its condition is never answered).
                self.add_error(
                    "condition_key",
                    _("字段“%(label)s”不会向填写本字段的作品提问（赛道或轮次不同），不能作为显示条件。")
                    % {"label": other.label},
                )
        if cleaned.get("condition_key") and not cleaned.get("condition_value"):
            self.add_error("condition_value", _("设置显示条件时须填写取值。"))
        return cleaned


class YesNoColumn(Column):
    """是/否 rather than Python's True/False."""

    def get_value(self, instance):
        return _("是") if super().get_value(instance) else _("否")


class EntryFormFieldDeleteView(DeleteView):
    """Deleting an answered question is refused (switch it off instead): its answers would stay
    in the entries under a key that a new question could then take over."""

    @property
    def confirmation_message(self):
        if has_answers(self.object):
            return gettext_now(
                "已有作品回答了该字段，不能删除。请改为停用该字段（取消勾选“启用”），已保存的回答会保留。"
            )
        return super().confirmation_message

    def form_valid(self, form):
        if has_answers(self.object):
            messages.error(
                self.request,
                gettext_now("已有作品回答了“%(label)s”，不能删除。请改为停用该字段，已保存的回答会保留。")
                % {"label": self.object.label},
            )
            return redirect(self.edit_url_name, self.object.pk)
        dependants = EntryFormField.objects.filter(contest_id=self.object.contest_id, condition_key=self.object.key)
        if dependants.exists():
            messages.error(
                self.request,
                gettext_now("“%(fields)s”的显示条件引用了该字段，请先修改这些字段的显示条件再删除。")
                % {"fields": "、".join(field.label for field in dependants)},
            )
            return redirect(self.edit_url_name, self.object.pk)
        return super().form_valid(form)


def _yes_no(value):
    return str(_("是") if value else _("否"))


class EntryFormFieldIndexView(OrganiserIndexView):
    # 是/否 in the spreadsheet too, rather than Python's True/False.
    custom_value_preprocess = {
        bool: {OrganiserIndexView.FORMAT_XLSX: _yes_no, OrganiserIndexView.FORMAT_CSV: _yes_no},
        **OrganiserIndexView.custom_value_preprocess,
    }


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
        YesNoColumn("required", label=_("必填"), sort_key="required"),
        YesNoColumn("show_to_judges", label=_("评委可见"), sort_key="show_to_judges"),
        YesNoColumn("active", label=_("启用"), sort_key="active"),
        "sort_order",
    ]
    list_export = [
        "contest",
        "track",
        "round",
        "key",
        "label",
        "get_kind_display",
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
    export_headings = {"get_kind_display": _("类型")}
    index_view_class = EntryFormFieldIndexView
    delete_view_class = EntryFormFieldDeleteView
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
                    FieldPanel(
                        "word_limit",
                        help_text=_(
                            "仅用于文本和多行文本。每个汉字计 1 字，连续的英文字母或数字计 1 字，标点和空格不计。"
                        ),
                    ),
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
