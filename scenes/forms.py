"""Admin page forms of scenes and solutions: the server-side checks editors cannot get around."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.page_forms import ReadableSlugPageForm
from scenes.choices import RecognitionLevel
from scenes.refusals import node_choice_refusal
from scenes.rules import can_change_level, can_write_scenes_of_node, editable_node_ids, is_provincial_moderator

COVER_ALT_MISSING = _(
    "所选封面图没有填写“描述”。请先在图片库中为该图片填写描述，它将作为替代文本提供给无法看到图片的读者。"
)


def check_cover_image_alt(form):
    image = form.cleaned_data.get("cover_image")
    if image is not None and not (image.description or "").strip():
        form.add_error("cover_image", COVER_ALT_MISSING)


class ScenePageForm(ReadableSlugPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "node" in self.fields and not is_provincial_moderator(user):
            self._offer_own_nodes_only(user)

    def _offer_own_nodes_only(self, user):
        """A plain list of the editor's own node(s) instead of the chooser of every node, preset when
        there is just one. The field still accepts any node, so that clean() can say precisely why
        another city's is refused (a forged post, or a scene moved to another city by a moderator)."""
        node_field = self.fields["node"]
        own = list(node_field.queryset.filter(pk__in=editable_node_ids(user)).order_by("sort_order", "name"))
        choices = [(node.pk, node.name) for node in own]
        current = self.instance.node if self.instance.node_id else None
        if current is not None and current not in own:
            choices.insert(0, (current.pk, current.name))  # shown as it is; saving it is refused
        if len(choices) == 1:
            if not self.initial.get("node"):
                self.initial["node"] = choices[0][0]
        else:
            choices.insert(0, ("", node_field.empty_label))
        node_field.widget = forms.Select(choices=choices)

    def clean(self):
        cleaned_data = super().clean()
        check_cover_image_alt(self)
        user = self.for_user
        if user is None:
            return cleaned_data
        node = cleaned_data.get("node")
        if node is not None and not can_write_scenes_of_node(user, node):
            self.add_error("node", forms.ValidationError(node_choice_refusal(user, node), code="node_forbidden"))
        old_level = self.instance.level if self.instance.pk else RecognitionLevel.LISTED
        new_level = cleaned_data.get("level")
        if new_level and not can_change_level(user, old_level, new_level):
            self.add_error(
                "level",
                forms.ValidationError(
                    _("“典型场景”和“国家推广”级别只能由省级审核员设定或取消。"), code="level_forbidden"
                ),
            )
        return cleaned_data


class SolutionPageForm(ReadableSlugPageForm):
    def clean(self):
        cleaned_data = super().clean()
        check_cover_image_alt(self)
        return cleaned_data
