"""The team portal's home: the user's teams per contest, their entries, pending invitations and the
tracking surveys open for their winning entries."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from contests.choices import TeamRole
from contests.services.adoption.milestones import adoption_entry_ids
from contests.services.adoption.surveys import open_surveys_for
from contests.services.identity import label_memberships, requires_real_name
from contests.services.outcomes.finalists import pending_for_user
from contests.services.tokens import invitation_token
from contests.services.visibility import entries_visible_to, invitations_for


@login_required
def dashboard(request):
    from contests.models import Contest, TeamMembership

    memberships = (
        TeamMembership.objects.filter(user=request.user)
        .select_related("team__contest", "team__city", "team__division")
        .prefetch_related(
            Prefetch(
                "team__memberships",
                queryset=TeamMembership.objects.select_related("user").order_by("role", "joined_at"),
            ),
            Prefetch(
                "team__entries",
                queryset=entries_visible_to(request.user).select_related("track").order_by("-updated_at"),
            ),
        )
        .order_by("-team__contest__year", "team__name")
    )
    memberships = list(memberships)
    # Real names (实名): each member's status where the contest requires it (one query).
    label_memberships([m for own in memberships for m in own.team.memberships.all()])
    for own in memberships:
        own.team.contest.requires_real_name = requires_real_name(own.team.contest)
    surveys = open_surveys_for(entry for m in memberships for entry in m.team.entries.all())
    invitations = list(invitations_for(request.user).select_related("team__contest", "invited_by"))
    for invitation in invitations:
        invitation.token = invitation_token(invitation)
    joined = {m.team.contest_id for m in memberships if m.role != TeamRole.ADVISER}
    open_contests = [c for c in Contest.objects.order_by("-year") if c.registration_is_open() and c.pk not in joined]
    # Entries that won (final) or were promoted link to their adoption pages (落地).
    adoption_ids = adoption_entry_ids(e.pk for m in memberships for e in m.team.entries.all())
    return render(
        request,
        "contests/portal/dashboard.html",
        {
            "memberships": memberships,
            "invitations": invitations,
            "open_contests": open_contests,
            "open_surveys": surveys,
            # Places in a next round waiting for the team's answer (晋级确认).
            "pending_finalists": pending_for_user(request.user),
            "adoption_entry_ids": adoption_ids,
        },
    )
