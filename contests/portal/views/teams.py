"""Team pages under /portal/. Thin: look the team up among those the user may see (404 otherwise),
check the named predicate, call the service, report its message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contests.choices import InvitationStatus, TeamRole
from contests.portal.forms.teams import InviteForm, TeamForm, TransferLeadershipForm
from contests.rules import can_leave_team, can_manage_team, can_respond_to_invitation
from contests.services import ContestError
from contests.services import teams as team_services
from contests.services.identity import label_memberships, requires_real_name
from contests.services.tokens import read_invitation_token
from contests.services.visibility import teams_visible_to


def _visible_team(request, pk):
    from contests.models import TeamMembership

    queryset = (
        teams_visible_to(request.user)
        .select_related("contest", "city", "division")
        .prefetch_related(
            Prefetch(
                "memberships", queryset=TeamMembership.objects.select_related("user").order_by("role", "joined_at")
            )
        )
    )
    return get_object_or_404(queryset, pk=pk)


def _confirmed(request):
    return request.POST.get("confirm") == "yes"


def _confirm_page(request, team, *, title, points, button, fields=None):
    """The step before a change a member cannot undo alone: what will happen, and one button."""
    return render(
        request,
        "contests/portal/team_confirm.html",
        {
            "team": team,
            "title": title,
            "points": points,
            "button": button,
            "action": request.path,
            "fields": fields or {},
        },
    )


def _manageable_team(request, pk):
    team = _visible_team(request, pk)
    if not can_manage_team(request.user, team):
        raise PermissionDenied
    return team


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request, contest_slug):
    from contests.models import Contest

    contest = get_object_or_404(Contest, slug=contest_slug)
    # 所属单位 starts from the profile's 工作单位; the team may change it.
    form = TeamForm(request.POST or None, initial={"organisation": request.user.organisation}, contest=contest)
    if request.method == "POST" and form.is_valid():
        try:
            team = team_services.create_team(user=request.user, contest=contest, **form.cleaned_data)
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("团队“%(name)s”已创建，你是队长。现在可以邀请队员了。") % {"name": team.name})
            return redirect("contests:team_detail", pk=team.pk)
    return render(
        request,
        "contests/portal/team_form.html",
        {"form": form, "contest": contest, "registration_open": contest.registration_is_open()},
    )


@login_required
def team_detail(request, pk):
    team = _visible_team(request, pk)
    is_leader = can_manage_team(request.user, team)
    memberships = list(team.memberships.all())
    for membership in memberships:
        membership.team = team  # the same row: not read again per member
    label_memberships(memberships)  # real names (实名), when the contest requires them
    context = {
        "team": team,
        "contest": team.contest,
        "memberships": memberships,
        "requires_real_name": requires_real_name(team.contest),
        "is_leader": is_leader,
        "is_member": can_leave_team(request.user, team),
        "size_problems": team_services.team_size_problems(team),
        "entries": team.entries.select_related("track").order_by("-updated_at"),
        # The division (分赛区) that judges the team's first round, and the last organiser move, if any.
        "division_move": team.division_moves.select_related("from_division").order_by("-moved_at", "-pk").first()
        if team.division_id
        else None,
    }
    if is_leader:
        context["invitations"] = team.invitations.filter(status=InvitationStatus.PENDING).order_by("-created_at")
        context["invite_form"] = InviteForm(contest=team.contest)
        context["transfer_form"] = TransferLeadershipForm(team=team)
    return render(request, "contests/portal/team_detail.html", context)


def _run(request, action, success_message):
    """Call a service; show its refusal as an error message. Returns True on success."""
    try:
        action()
    except ContestError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success_message)
    return True


@login_required
@require_POST
def team_invite(request, pk):
    team = _manageable_team(request, pk)
    form = InviteForm(request.POST, contest=team.contest)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("contests:team_detail", pk=team.pk)
    email = form.cleaned_data["email"]
    _run(
        request,
        lambda: team_services.invite_member(
            team=team, inviter=request.user, email=email, role=form.cleaned_data["role"]
        ),
        _("已向 %(email)s 发送邀请，链接 7 天内有效。") % {"email": email},
    )
    return redirect("contests:team_detail", pk=team.pk)


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    team = _manageable_team(request, pk)
    invitation = get_object_or_404(team.invitations, pk=invitation_pk)
    _run(
        request,
        lambda: team_services.revoke_invitation(invitation=invitation, by=request.user),
        _("邀请已撤回。"),
    )
    return redirect("contests:team_detail", pk=team.pk)


@login_required
@require_POST
def team_transfer(request, pk):
    team = _manageable_team(request, pk)
    form = TransferLeadershipForm(request.POST, team=team)
    if form.is_valid():
        new_leader = form.cleaned_data["new_leader"]
        if not _confirmed(request):
            return _confirm_page(
                request,
                team,
                title=_("移交队长身份"),
                points=[
                    _("%(name)s 将成为队长：邀请和移出队员、移交队长身份都由新队长决定。") % {"name": new_leader},
                    _("你将成为普通队员，不能自行收回队长身份。"),
                ],
                button=_("确认移交"),
                fields={"new_leader": new_leader.pk},
            )
        _run(
            request,
            lambda: team_services.transfer_leadership(team=team, by=request.user, to_user=new_leader),
            _("队长身份已移交给 %(name)s。") % {"name": new_leader},
        )
    else:
        messages.error(request, _("请选择一名本团队队员作为新队长。"))
    return redirect("contests:team_detail", pk=team.pk)


@login_required
@require_POST
def team_leave(request, pk):
    team = _visible_team(request, pk)
    if not can_leave_team(request.user, team):
        raise PermissionDenied
    if not _confirmed(request):
        return _confirm_page(
            request,
            team,
            title=_("退出团队"),
            points=[
                _("退出后你将不能再查看和编辑“%(name)s”的作品与文件。") % {"name": team.name},
                _("如需重新加入，需要队长再次邀请。"),
                _("队长需先移交队长身份；团队只剩你一人且没有作品时，退出即解散团队。"),
            ],
            button=_("确认退出"),
        )
    if _run(
        request,
        lambda: team_services.leave_team(team=team, user=request.user),
        _("你已退出团队“%(name)s”。") % {"name": team.name},
    ):
        return redirect("contests:dashboard")
    return redirect("contests:team_detail", pk=team.pk)


@login_required
@require_POST
def team_remove_member(request, pk, user_pk):
    team = _manageable_team(request, pk)
    membership = get_object_or_404(team.memberships.select_related("user"), user_id=user_pk)
    if not _confirmed(request):
        return _confirm_page(
            request,
            team,
            title=_("将 %(name)s 移出团队") % {"name": membership.user.get_full_name()},
            points=[
                _("%(name)s 将不能再查看和编辑本团队的作品与文件。") % {"name": membership.user.get_full_name()},
                _("如需重新加入，需要你再次邀请。"),
            ],
            button=_("确认移出"),
        )
    _run(
        request,
        lambda: team_services.remove_member(team=team, by=request.user, user=membership.user),
        _("已将 %(name)s 移出团队。") % {"name": membership.user},
    )
    return redirect("contests:team_detail", pk=team.pk)


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link in the invitation e-mail. Only the invited address may answer it."""
    from contests.models import TeamInvitation

    data = read_invitation_token(token)
    if data is None:
        return render(request, "contests/portal/invitation_invalid.html", status=404)
    invitation_id, email = data
    invitation = (
        TeamInvitation.objects.select_related("team__contest", "invited_by")
        .filter(pk=invitation_id, email__iexact=email)
        .first()
    )
    if invitation is None:
        return render(request, "contests/portal/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        # Say nothing about the team until the invitee has signed in with the invited address.
        return render(
            request,
            "contests/portal/invitation_sign_in.html",
            {"email": invitation.email, "next": request.get_full_path()},
        )
    if not can_respond_to_invitation(request.user, invitation):
        # Signed in with another address: nothing about the team is shown.
        return render(request, "contests/portal/invitation_invalid.html", {"wrong_account": True}, status=404)
    if request.method == "POST":
        action = request.POST.get("action")
        team_name = invitation.team.name
        if action == "accept" and _run(
            request,
            lambda: team_services.accept_invitation(invitation=invitation, user=request.user),
            _("你已加入团队“%(name)s”。") % {"name": team_name},
        ):
            return redirect("contests:team_detail", pk=invitation.team_id)
        if action == "decline" and _run(
            request,
            lambda: team_services.decline_invitation(invitation=invitation, user=request.user),
            _("你已拒绝加入团队“%(name)s”。") % {"name": team_name},
        ):
            return redirect("contests:dashboard")
        return redirect(reverse("contests:invitation", kwargs={"token": token}))
    return render(
        request,
        "contests/portal/invitation.html",
        {
            "invitation": invitation,
            "team": invitation.team,
            "contest": invitation.team.contest,
            "pending": invitation.status == InvitationStatus.PENDING,
            "expired": team_services.invitation_is_expired(invitation),
            "is_adviser_role": invitation.role == TeamRole.ADVISER,
            "token": token,
        },
    )
