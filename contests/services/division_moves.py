"""Moving a team to another division (分赛区调整): an organiser action with a reason.

A move is refused once the division's judging has the team's work in hand — an entry assigned or
scored in a divisional round that is open or already computed — because the old division's judges
and ranking would then keep an entry that belongs to the new one. Each move is a
``TeamDivisionMove`` row and an audit event; the team's leader is told by e-mail after the commit.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests import models
from contests.rules import is_organiser
from contests.services import ContestError
from contests.services.audit import record


def judging_in_hand(team, *, now=None):
    """The divisional rounds (open now, or computed) in which one of ``team``'s entries is assigned or
    ranked; empty if the team may still move."""
    now = now or timezone.now()
    rounds = models.Round.objects.filter(contest_id=team.contest_id, divisional=True).filter(
        Q(opens_at__lte=now, closes_at__gt=now) | Q(results__isnull=False)
    )
    return list(
        rounds.filter(
            Q(assignments__entry__team=team, assignments__state=models.AssignmentState.ACTIVE)
            | Q(results__entry__team=team)
        )
        .distinct()
        .order_by("number")
    )


def move_team(team, to_division, *, actor, reason, now=None):
    """Move ``team`` to ``to_division``; return the ``TeamDivisionMove``."""
    if not is_organiser(actor):
        raise ContestError(_("只有大赛组织者可以调整团队的分赛区。"), code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise ContestError(_("请填写调整原因。"), code="reason")
    with transaction.atomic():
        current = models.Team.objects.select_for_update(of=("self",)).select_related("division").get(pk=team.pk)
        if to_division.contest_id != current.contest_id:
            raise ContestError(_("只能调整到本届大赛的分赛区。"), code="other_contest")
        if current.division_id == to_division.pk:
            raise ContestError(
                _("团队“%(team)s”已在%(division)s。") % {"team": current.name, "division": to_division.name},
                code="same_division",
            )
        busy = judging_in_hand(current, now=now)
        if busy:
            raise ContestError(
                _("团队“%(team)s”的作品已在%(rounds)s中分配评委或计算结果，不能再调整分赛区。")
                % {"team": current.name, "rounds": "、".join(str(r.get_kind_display()) for r in busy)},
                code="judging_started",
            )
        from_division = current.division
        current.division = to_division
        current.save(update_fields=["division"])
        move = models.TeamDivisionMove.objects.create(
            team=current, from_division=from_division, to_division=to_division, reason=reason, moved_by=actor
        )
        record(
            "team.division_moved", current, actor=actor, contest=current.contest,
            before={"division": from_division.pk if from_division else None},
            after={"division": to_division.pk, "move": move.pk}, note=reason,
        )  # fmt: skip
        enqueue("contests.send_division_move_notice", move_id=move.pk)
    team.division = to_division
    return move


def send_division_move_notice(move):
    """E-mail the team's leader about the move (contests.tasks.divisions)."""
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string

    from cms.links import absolute_url
    from contests.choices import TeamRole

    leader = move.team.memberships.filter(role=TeamRole.LEADER, user__is_active=True).select_related("user").first()
    if leader is None:
        return 0
    context = {"move": move, "team": move.team, "site_url": absolute_url("")}
    subject = "".join(render_to_string("contests/emails/division_move_subject.txt", context).splitlines())
    body = render_to_string("contests/emails/division_move_body.txt", context)
    EmailMessage(subject, body, None, [leader.user.email]).send()
    return 1
