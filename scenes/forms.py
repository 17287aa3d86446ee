"""Admin page forms of scenes and solutions: the server-side checks editors cannot get around."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from scenes.choices import RecognitionLevel
from scenes.rules import can_change_level, can_write_scenes_of_node, editable_node_ids, is_provincial_moderator

COVER_ALT_MISSING = _(
    "所选封面图没有填写“描述”。请先在图片库中为该图片填写描述，它将作为替代文本提供给无法看到图片的读者。"
)


def check_cover_image_alt(form):
    image = form.cleaned_data.get("cover_image")
    if image is not None and not (image.description or "").strip():
        form.add_error("cover_image", COVER_ALT_MISSING)


class ScenePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "node" in self.fields and not is_provincial_moderator(user):
            # Offer only the editor's own node(s); clean() refuses any other all the same.
            node_field = self.fields["node"]
            node_field.queryset = node_field.queryset.filter(pk__in=editable_node_ids(user))

    def clean(self):
        cleaned_data = super().clean()
        check_cover_image_alt(self)
        user = self.for_user
        if user is None:
            return cleaned_data
        node = cleaned_data.get("node")
        if node is not None and not can_write_scenes_of_node(user, node):
            self.add_error(
                "node", forms.ValidationError(_("您只能创建和编辑本节点的应用场景。"), code="node_forbidden")
            )
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


class SolutionPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        check_cover_image_alt(self)
        return cleaned_data
