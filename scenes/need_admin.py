"""The needs' comments in the Wagtail admin (应用需求评论): the provincial moderators list and search
them and hide one with a reason (kept, with who hid it and when; clearing the reason shows it
again). Nobody adds or deletes comments here: they are the public's."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from scenes.models import NeedComment
from scenes.services.needs import hide_comment


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions (the moderators hold view and change), never add or delete."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(NeedComment, CommentPermissionPolicy(NeedComment))


class HideCommentView(EditView):
    def save_instance(self):
        return hide_comment(self.form.instance, self.request.user, self.form.cleaned_data["hidden_reason"])


class NeedCommentViewSet(ModelViewSet):
    model = NeedComment
    icon = "comment"
    menu_label = _("需求评论")
    menu_order = 215
    add_to_admin_menu = True
    panels = [FieldPanel("hidden_reason", help_text=_("填写原因即对公众隐藏这条评论；清空原因则重新显示。"))]
    edit_view_class = HideCommentView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None  # plain icontains over the body: finds any phrase without segmentation
    search_fields = ["body"]
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    list_display = [
        Column("body", label=_("评论")),
        Column("need", label=_("应用需求")),
        Column("author", label=_("作者")),
        DateColumn("created_at", label=_("发表时间")),
        Column("hidden_reason", label=_("隐藏原因")),
    ]

    def get_queryset(self, request):
        return NeedComment.objects.select_related("need", "author")
