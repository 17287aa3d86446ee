"""The organiser's Wagtail admin, registered in one place: three menus, the eligibility item, the
award entry chooser and the view-only permission policies. Each item lives in ``contests.organiser``."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.model import ViewSetGroup
from wagtail.permissions import register_permission_policy

from contests.models import Assignment, AuditEvent, Entry, Score, TeamMembership
from contests.organiser import (
    adoption,
    contest,
    datadesk,
    divisions,
    eligibility,
    entries,
    entry_forms,
    experts,
    exports,
    identity,
    impact,
    members,
    teams,
    units,
    votes,
)
from contests.organiser.base import ViewOnlyPolicy
from contests.organiser.judging import calibration, lists, province, rounds
from contests.organiser.outcomes import (
    advancement,
    awards,
    dashboard,
    entry_chooser,
    finalists,
    promotion,
    publication,
)
from contests.organiser.outcomes import surveys as tracking_surveys

# These rows change only through the services; registered before any viewset asks for a policy.
for model in (TeamMembership, Entry, AuditEvent, Assignment, Score):
    register_permission_policy(model, ViewOnlyPolicy(model))


class ContestMenu(ViewSetGroup):
    menu_label = pgettext_lazy("admin menu", "大赛")
    menu_icon = "calendar-check"
    menu_order = 220
    items = (
        contest.ContestViewSet,
        contest.TrackViewSet,
        contest.RoundViewSet,
        units.ChallengeViewSet,
        units.UnitViewSet,
        units.UnitMemberViewSet,
        divisions.DivisionViewSet,
        divisions.DivisionTrackQuotaViewSet,
        teams.TeamViewSet,
        members.MemberViewSet,
        entries.EntryViewSet,
        entry_forms.EntryFormFieldViewSet,
        entries.AuditEventViewSet,
        datadesk.DataDeskViewSet,
        exports.ExportViewSet,
    )


class JudgingMenu(ViewSetGroup):
    menu_label = _("评审")
    menu_icon = "tasks"
    menu_order = 230
    items = (
        rounds.JudgingRoundsViewSet,
        province.ProvinceDashboardViewSet,
        lists.JudgeProfileViewSet,
        lists.CriterionViewSet,
        lists.AssignmentViewSet,
        lists.ScoreViewSet,
        calibration.CalibrationViewSet,
        experts.ExpertPoolViewSet,  # 专家库: the pool, its decisions and the draws of judges
    )


class OutcomesMenu(ViewSetGroup):
    """In the order of the organiser's work after judging."""

    menu_label = _("结果与奖项")
    menu_icon = "list-ol"
    menu_order = 235
    items = (
        dashboard.OutcomesDashboardViewSet,
        advancement.AdvancementViewSet,
        finalists.FinalistsViewSet,
        awards.AwardsViewSet,
        publication.PublicationViewSet,
        promotion.PromotionViewSet,
        tracking_surveys.SurveyViewSet,
        awards.AwardCategoryViewSet,
    )


@hooks.register("register_admin_viewset")
def register_organiser_menus():
    return [ContestMenu(), JudgingMenu(), OutcomesMenu(), entry_chooser.EntryChooserViewSet()]


@hooks.register("register_admin_urls")
def register_organiser_urls():
    return [*eligibility.admin_urls(), *members.admin_urls(), *impact.admin_urls(), *divisions.admin_urls()]


@hooks.register("register_admin_menu_item")
def register_eligibility_menu_item():
    return eligibility.menu_item()


@hooks.register("register_admin_menu_item")
def register_impact_menu_item():
    return impact.menu_item()


# 落地确认: city node editors confirm adoption milestones; organisers see them all (contests/organiser/adoption.py).
@hooks.register("register_admin_urls")
def register_adoption_urls():
    return adoption.admin_urls()


@hooks.register("register_admin_menu_item")
def register_adoption_menu_item():
    return adoption.menu_item()


# 实名审核 and 单位负责人: organisers review real-name proofs and approve contact persons
# (contests/organiser/identity.py).
@hooks.register("register_admin_urls")
def register_identity_urls():
    return identity.admin_urls()


@hooks.register("register_admin_menu_item")
def register_identity_menu_item():
    return identity.menu_item()


# 人气奖投票: organisers set up the public vote, read its anomaly report, void and announce
# (contests/organiser/votes.py).
@hooks.register("register_admin_urls")
def register_vote_urls():
    return votes.admin_urls()


@hooks.register("register_admin_menu_item")
def register_vote_menu_item():
    return votes.menu_item()
