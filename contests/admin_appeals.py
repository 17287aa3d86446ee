"""Admin of result publication and appeals: the "结果公示与申诉" item of the "结果与奖项" menu.

Custom pages only (publish, finalise, review): publications and appeals change through
``contests.services.outcomes.publication`` / ``appeals``, which check the organiser rule and audit.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.viewsets.base import ViewSet

from contests.admin_outcomes import add_outcomes_viewset
from contests.rules import is_organiser
from contests.views import outcomes_admin as views


class OrganiserMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return is_organiser(request.user)


class PublicationViewSet(ViewSet):
    name = "outcomes_publication"
    url_prefix = "outcomes/publication"
    icon = "doc-full"
    menu_label = _("结果公示与申诉")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.PublicationIndexView.as_view(), name="index"),
            path("rounds/<int:round_id>/", views.RoundPublicationView.as_view(), name="round"),
            path("appeals/<int:appeal_id>/", views.AppealReviewView.as_view(), name="appeal"),
            path(
                "appeals/<int:appeal_id>/files/<int:file_id>/",
                views.AppealAttachmentView.as_view(),
                name="appeal_file",
            ),
        ]


add_outcomes_viewset(PublicationViewSet)
