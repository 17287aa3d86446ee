"""Awards in the "结果与奖项" admin menu: the award categories organisers set up per contest
(name, level, quota, per track or contest-wide, order) and the per-round award pages (proposal,
apply, grant, revoke). Joins the group of ``contests/admin_outcomes.py`` when imported."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from contests.admin_judging import OrganiserMenuItem
from contests.admin_outcomes import add_outcomes_viewset
from contests.models import AwardCategory
from contests.views import outcomes_awards as views


class AwardCategoryViewSet(ModelViewSet):
    model = AwardCategory
    name = "award_categories"
    icon = "tag"
    menu_label = _("奖项设置")
    search_backend_name = None
    copy_view_enabled = False
    ordering = ["contest", "sort_order", "id"]
    search_fields = ["name"]
    list_filter = ["contest", "level", "per_track"]
    list_display = ["name", "contest", "level", "quota", "per_track", "sort_order"]
    list_export = ["contest", "name", "level", "quota", "per_track", "sort_order"]
    export_filename = "award-categories"
    panels = [
        FieldPanel("contest"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("quota"), FieldPanel("per_track"), FieldPanel("sort_order")]),
    ]


class AwardsViewSet(ViewSet):
    name = "awards"
    url_prefix = "awards"
    icon = "pick"
    menu_label = _("奖项评定")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.RoundIndexView.as_view(), name="index"),
            path("rounds/<int:round_id>/", views.RoundAwardsView.as_view(), name="round"),
            path("rounds/<int:round_id>/apply/", views.ApplyProposalsView.as_view(), name="apply"),
            path("rounds/<int:round_id>/grant/", views.GrantAwardView.as_view(), name="grant"),
            path("awards/<int:award_id>/revoke/", views.RevokeAwardView.as_view(), name="revoke"),
        ]


add_outcomes_viewset(AwardsViewSet)
add_outcomes_viewset(AwardCategoryViewSet)
