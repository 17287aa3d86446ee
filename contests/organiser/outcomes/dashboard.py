"""The organiser's contest overview (大赛总览) in the Wagtail admin (/admin/outcomes/overview/…).

Read-only: figures come from ``contests.services.outcomes.dashboard``; every row links into the
per-round judging pages (/admin/judging/rounds/<id>/…), which stay the place to act.
"""

from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from contests.organiser.base import OrganiserAdminView, OrganiserMenuItem
from contests.organiser.charts import bar_chart
from contests.services.judging.judges import blind_code
from contests.services.outcomes.dashboard import OVERDUE_WITHIN, contest_overview

# The judge chart shows the least finished judges; the table beside it lists every judge.
JUDGES_CHARTED = 20


class OutcomesAdminView(OrganiserAdminView):
    """An organiser-only page of the 结果与奖项 menu; its last crumb carries the page title (without
    it the admin header would read "首页")."""

    header_icon = "list-ol"


def _contests():
    from contests.models import Contest

    return Contest.objects.order_by("-year", "name", "pk")


def _appeal_url(appeal):
    try:
        return reverse("outcomes_publication:appeal", args=[appeal.pk])
    except NoReverseMatch:
        return ""


def _percent_chart(rows, title):
    return bar_chart(rows, title=title, low=0, high=100, decimals=0)


class ContestChoiceMixin:
    """Pages about one contest: ``<contest_id>/`` or, without it, the default contest (the newest,
    unless a page narrows the default with ``default_contests``)."""

    def default_contests(self, contests):
        return contests

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        contest_id = kwargs.get("contest_id")
        self.contests = list(_contests())
        if contest_id is not None:
            self.contest = get_object_or_404(_contests(), pk=contest_id)
        else:
            self.contest = self.default_contests(_contests()).first() or (self.contests[0] if self.contests else None)

    def get_page_subtitle(self):
        return str(self.contest) if self.contest else ""


class ContestOverviewView(ContestChoiceMixin, OutcomesAdminView):
    template_name = "contests/outcomes/dashboard/overview.html"
    page_title = gettext_lazy("大赛总览")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(contests=self.contests, contest=self.contest, **kwargs)
        if self.contest is None:
            return context
        overview = contest_overview(self.contest)
        for overview_round in overview.rounds:
            overview_round.track_chart = _percent_chart(
                [(row.track.name, row.progress.percent) for row in overview_round.tracks],
                _("%(round)s：各赛道评分完成率（%%）") % {"round": overview_round.round.get_kind_display()},
            )
            charted = overview_round.judges[:JUDGES_CHARTED]
            overview_round.judge_chart = (
                _percent_chart(
                    [(row.judge.name, row.progress.percent) for row in charted],
                    _("%(round)s：完成率最低的评委（%%）") % {"round": overview_round.round.get_kind_display()},
                )
                if charted
                else ""
            )
        for appeal in overview.pending_appeals:
            appeal.review_url = _appeal_url(appeal)
        for result in overview.flagged_results:
            result.code = blind_code(result.entry)
            result.why_url = reverse("judging_rounds:why", args=[result.round_id, result.entry_id])
        return {
            **context,
            "overview": overview,
            "overdue_days": OVERDUE_WITHIN.days,
            "judges_charted": JUDGES_CHARTED,
        }


class OutcomesDashboardViewSet(ViewSet):
    name = "outcomes_dashboard"
    url_prefix = "outcomes/overview"
    icon = "view"
    menu_label = gettext_lazy("大赛总览")
    menu_item_class = OrganiserMenuItem

    def get_urlpatterns(self):
        return [
            path("", ContestOverviewView.as_view(), name="index"),
            path("<int:contest_id>/", ContestOverviewView.as_view(), name="contest"),
        ]
