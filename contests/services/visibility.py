"""Querysets of what a user may see. Lists use these; detail views 404 on anything outside them."""

from contests.rules import is_organiser


def teams_visible_to(user):
    """Organisers see every team; a participant sees the teams they belong to; nobody else sees any."""
    from contests.models import Team

    if is_organiser(user):
        return Team.objects.all()
    if not (user and user.is_authenticated):
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user)


def entries_visible_to(user):
    """Organisers see every entry; team members see their teams' entries (drafts included).

    One membership per (team, user) means the join never duplicates rows. The judging
    code adds assigned entries for judges in its own function: judges see them blind.
    """
    from contests.models import Entry

    if is_organiser(user):
        return Entry.objects.all()
    if not (user and user.is_authenticated):
        return Entry.objects.none()
    return Entry.objects.filter(team__memberships__user=user)


def invitations_for(user):
    """Pending invitations addressed to the user's e-mail address."""
    from contests.choices import InvitationStatus
    from contests.models import TeamInvitation

    if not (user and user.is_authenticated):
        return TeamInvitation.objects.none()
    return TeamInvitation.objects.filter(email__iexact=user.email, status=InvitationStatus.PENDING)
