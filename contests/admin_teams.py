"""Organisers fix a team's membership from the "参赛人员" list: the URLs of the confirmation pages
(contests/views/teams_admin.py) and the list column that links to them. Loaded by the import of
``MemberActionsColumn`` in ``contests/wagtail_hooks.py``."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column

from contests.choices import TeamRole
from contests.views import teams_admin as views


@hooks.register("register_admin_urls")
def register_team_admin_urls():
    urls = [
        path("<int:membership_id>/remove/", views.RemoveMemberView.as_view(), name="remove_member"),
        path("<int:membership_id>/make-leader/", views.MakeLeaderView.as_view(), name="make_leader"),
    ]
    return [path("contest-team-members/", include((urls, "team_admin")))]


class MemberActionsColumn(Column):
    """Links to "移出团队" (members and advisers) and "设为队长" (members); none on the leader's
    row: a leader leaves only once another member leads."""

    cell_template_name = "contests/admin/teams/actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.role != TeamRole.LEADER:
            context["remove_url"] = reverse("team_admin:remove_member", args=[instance.pk])
        if instance.role == TeamRole.MEMBER:
            context["leader_url"] = reverse("team_admin:make_leader", args=[instance.pk])
        return context
