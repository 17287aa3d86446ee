"""Admin of the organiser's overview and of promotion to the showcase: the "大赛总览" and "推荐入库"
items of the "结果与奖项" menu (contests/admin_outcomes.py). Custom pages only: the overview is
read-only, promotion goes through ``contests.services.outcomes.promotion``."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.viewsets.base import ViewSet

from contests.admin_outcomes import add_outcomes_viewset
from contests.rules import can_manage_judging
from contests.views import outcomes_dashboard, outcomes_promotion


class OrganiserMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return can_manage_judging(request.user)


class OutcomesDashboardViewSet(ViewSet):
    name = "outcomes_dashboard"
    url_prefix = "outcomes/overview"
    icon = "view"
    menu_label = _("大赛总览")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", outcomes_dashboard.ContestOverviewView.as_view(), name="index"),
            path("<int:contest_id>/", outcomes_dashboard.ContestOverviewView.as_view(), name="contest"),
        ]


class PromotionViewSet(ViewSet):
    name = "outcomes_promotion"
    url_prefix = "outcomes/promotion"
    icon = "upload"
    menu_label = _("推荐入库")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", outcomes_promotion.PromotionIndexView.as_view(), name="index"),
            path("<int:contest_id>/", outcomes_promotion.PromotionIndexView.as_view(), name="contest"),
            path("entries/<int:entry_id>/", outcomes_promotion.PromoteEntryView.as_view(), name="promote"),
        ]


add_outcomes_viewset(OutcomesDashboardViewSet)
add_outcomes_viewset(PromotionViewSet)
