"""Who may do what in the contest, as named predicates (the ``rules`` package).

Views name a predicate (``can_manage_team(user, team)``) and list querysets come from
``contests.services.visibility``, so a list never shows what the detail view refuses.
Rule names are registered with ``rules.add_rule`` (not ``add_perm``): they must not widen
Django's model permissions, which the Wagtail admin checks with ``user.has_perm``.
"""

import rules

from contests.choices import TeamRole

ORGANISER_GROUP = "大赛组织者"


def _role(user, team):
    return team.memberships.filter(user=user).values_list("role", flat=True).first()


@rules.predicate
def is_authenticated(user):
    return bool(user and user.is_authenticated)


@rules.predicate
def is_organiser(user):
    """Superusers and members of the "大赛组织者" group run the contest."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=ORGANISER_GROUP).exists()


@rules.predicate
def is_team_member(user, team):
    """Any role in the team: leader, member or adviser."""
    if team is None or not (user and user.is_authenticated):
        return False
    return _role(user, team) is not None


@rules.predicate
def is_team_leader(user, team):
    if team is None or not (user and user.is_authenticated):
        return False
    return _role(user, team) == TeamRole.LEADER


@rules.predicate
def is_invitee(user, invitation):
    """The invitation is addressed to the user's (verified) e-mail address."""
    if invitation is None or not (user and user.is_authenticated):
        return False
    return user.email.strip().lower() == invitation.email.strip().lower()


can_view_team = is_team_member | is_organiser
# Organisers change teams through the admin (with its audit trail), not through the portal.
can_manage_team = is_team_leader
can_leave_team = is_team_member
can_respond_to_invitation = is_invitee

rules.add_rule("contests.view_team", can_view_team)
rules.add_rule("contests.manage_team", can_manage_team)
rules.add_rule("contests.leave_team", can_leave_team)
rules.add_rule("contests.respond_to_invitation", can_respond_to_invitation)
rules.add_rule("contests.is_organiser", is_organiser)
