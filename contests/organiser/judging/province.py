"""The province's dashboard of divisions (全省分赛区总览) in the Wagtail admin
(/admin/judging/divisions/…): per contest, one row per division with its teams, entries, judges,
the divisional round's assignment and scoring progress, results and advancement against quota,
each linking into the division's own pages. Read-only; figures from
``contests.services.division_rounds.dashboard``."""

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from contests.organiser.base import OrganiserAdminView, OrganiserMenuItem
from contests.organiser.outcomes.dashboard import ContestChoiceMixin
from contests.services.division_rounds.dashboard import province_dashboard


class ProvinceDashboardView(ContestChoiceMixin, OrganiserAdminView):
    template_name = "contests/judging/admin/province.html"
    page_title = gettext_lazy("分赛区总览")
    header_icon = "site"

    def default_contests(self, contests):
        # The newest contest that has divisions (the 2026 demo rather than a finished year).
        return contests.filter(divisions__isnull=False).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(contests=self.contests, contest=self.contest, **kwargs)
        if self.contest is not None:
            context["dashboard"] = province_dashboard(self.contest)
        return context


class ProvinceDashboardViewSet(ViewSet):
    name = "province_dashboard"
    url_prefix = "judging/divisions"
    icon = "site"
    menu_label = gettext_lazy("分赛区总览")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", ProvinceDashboardView.as_view(), name="index"),
            path("<int:contest_id>/", ProvinceDashboardView.as_view(), name="contest"),
        ]
