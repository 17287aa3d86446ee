"""Wagtail admin of advancement (晋级): a "晋级" item in the "结果与奖项" menu, organisers only,
with the per-round preview of the cut, its confirmation and the frozen decision."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSet

from contests.admin_judging import OrganiserMenuItem
from contests.admin_outcomes import add_outcomes_viewset
from contests.views import outcomes_advancement as views


class AdvancementViewSet(ViewSet):
    name = "outcomes_advancement"
    url_prefix = "outcomes/advancement"
    icon = "list-ol"
    menu_label = _("晋级")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.AdvancementIndexView.as_view(), name="index"),
            path("rounds/<int:round_id>/", views.AdvancementPreviewView.as_view(), name="round"),
            path("rounds/<int:round_id>/decision/", views.AdvancementDecisionView.as_view(), name="decision"),
        ]


add_outcomes_viewset(AdvancementViewSet)
