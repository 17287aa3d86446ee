"""Judges: who is one, what they may see, blind codes, and e-mailed invitations.

Invitation links carry the invitation id signed by ``TimestampSigner`` and expire after
``INVITATION_MAX_AGE``; accepting links the profile to the account whose e-mail it was sent to.
"""

import base64
import hashlib
import hmac
from datetime import timedelta
from string import ascii_uppercase

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.links import absolute_url
from cms.tasks import enqueue
from contests import models
from contests.models import JudgeProfile, JudgeStatus
from contests.services import ContestError
from contests.services.audit import record
from contests.services.invitation_limits import check_invitation_limits

INVITATION_MAX_AGE = timedelta(days=14)
_INVITATION_SALT = "contests.judge-invitation"


def blind_code(entry):
    """A short code naming an entry to judges (e.g. ``P7K2QXM``): stable, the same for every judge,
    and derived with a keyed hash so that it cannot be traced back to the uuid the team sees."""
    uuid = entry.uuid if hasattr(entry, "uuid") else entry
    digest = hmac.new(settings.SECRET_KEY.encode(), f"blind-entry:{uuid}".encode(), hashlib.sha256).digest()
    return "P" + base64.b32encode(digest).decode()[:6]


def judge_letter(index):
    """0 → A, 25 → Z, 26 → AA: enough letters for any panel."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = ascii_uppercase[remainder] + letters
    return letters


def judge_label(index):
    """How teams and co-judges see the index-th judge of a panel, never the name: 评委 A, 评委 AA."""
    return _("评委 %(letter)s") % {"letter": judge_letter(index)}


def judge_profiles_of(user):
    """The judge profiles of an account that may judge (accepted invitation, active)."""
    if not (user and user.is_authenticated and user.is_active):
        return JudgeProfile.objects.none()
    return JudgeProfile.objects.filter(user=user, status=JudgeStatus.ACTIVE)


def assignments_visible_to(user):
    """Active assignments of the user's active judge profiles — the only entries a judge may know of.

    A conflict found after assignment does not hide one: it is flagged to the organiser, who keeps the
    judge or removes the assignment (``contests.services.judging.flags``).
    """
    return models.Assignment.objects.filter(
        judge__in=judge_profiles_of(user), state=models.AssignmentState.ACTIVE
    ).select_related("round__contest", "entry__track", "judge")


# Invitations ---------------------------------------------------------------------------------


def invitation_token(invitation):
    return signing.TimestampSigner(salt=_INVITATION_SALT).sign(str(invitation.pk))


def read_invitation(token):
    """The open invitation a token names, or None (forged, expired, answered, revoked, superseded)."""
    try:
        pk = signing.TimestampSigner(salt=_INVITATION_SALT).unsign(token, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a subclass
        return None
    invitation = (
        models.JudgeInvitation.objects.select_related("judge__contest").filter(pk=int(pk)).first()
        if pk.isdigit()
        else None
    )
    if invitation is None or not invitation.is_open:
        return None
    if invitation.judge.status not in (models.JudgeStatus.NEW, models.JudgeStatus.INVITED):
        return None
    return invitation


def invite_judge(judge, *, actor):
    """Create an invitation (revoking earlier open ones) and e-mail the link after commit."""
    if judge.status in (models.JudgeStatus.ACTIVE, models.JudgeStatus.INACTIVE):
        raise ContestError(_("该评委已接受邀请或已停用，无需再次邀请。"), code="judge_not_invitable")
    check_invitation_limits(
        sender_kind="judge_inviter", sender=actor, address_kind="judge_invitation_mail", email=judge.email
    )
    now = timezone.now()
    with transaction.atomic():
        judge.invitations.filter(accepted_at=None, declined_at=None, revoked_at=None).update(revoked_at=now)
        invitation = models.JudgeInvitation.objects.create(judge=judge, email=judge.email, invited_by=actor)
        before = judge.status
        judge.status = models.JudgeStatus.INVITED
        judge.save(update_fields=["status"])
        record(
            "judging.judge_invited", judge, actor=actor, contest=judge.contest,
            before={"status": before}, after={"status": judge.status, "invitation": invitation.pk},
        )  # fmt: skip

        enqueue("contests.send_judge_invitation", invitation_id=invitation.pk)
    return invitation


def accept_invitation(invitation, user):
    """Link the judge profile to ``user`` (whose e-mail must be the invited one) and activate it."""
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise ContestError(_("此邀请发给了其他邮箱，请使用受邀邮箱登录后再接受。"), code="wrong_account")
    with transaction.atomic():
        judge = models.JudgeProfile.objects.select_for_update().get(pk=invitation.judge_id)
        if models.JudgeProfile.objects.filter(contest_id=judge.contest_id, user=user).exclude(pk=judge.pk).exists():
            raise ContestError(_("该账号已是本届大赛的评委。"), code="already_judge")
        now = timezone.now()
        updated = models.JudgeInvitation.objects.filter(
            pk=invitation.pk, accepted_at=None, declined_at=None, revoked_at=None
        ).update(accepted_at=now)
        if not updated:
            raise ContestError(_("邀请已失效。"), code="invitation_closed")
        before = {"status": judge.status, "user": judge.user_id}
        judge.user = user
        judge.status = models.JudgeStatus.ACTIVE
        judge.accepted_at = now
        judge.save(update_fields=["user", "status", "accepted_at"])
        record(
            "judging.judge_accepted", judge, actor=user, contest=judge.contest,
            before=before, after={"status": judge.status, "user": user.pk},
        )  # fmt: skip
    return judge


def decline_invitation(invitation, *, actor=None):
    with transaction.atomic():
        updated = models.JudgeInvitation.objects.filter(
            pk=invitation.pk, accepted_at=None, declined_at=None, revoked_at=None
        ).update(declined_at=timezone.now())
        if not updated:
            raise ContestError(_("邀请已失效。"), code="invitation_closed")
        judge = invitation.judge
        before = judge.status
        judge.status = models.JudgeStatus.DECLINED
        judge.save(update_fields=["status"])
        record(
            "judging.judge_declined", judge, actor=actor, contest=judge.contest,
            before={"status": before}, after={"status": judge.status},
        )  # fmt: skip
    return judge


def send_invitation_email(invitation):
    """E-mail the invitation link (called by the task after commit)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    url = absolute_url(reverse("contests:judging:invitation", kwargs={"token": invitation_token(invitation)}))
    context = {
        "judge": invitation.judge,
        "contest": invitation.judge.contest,
        "url": url,
        "days": INVITATION_MAX_AGE.days,
    }
    subject = _("【%(contest)s】评委邀请") % {"contest": invitation.judge.contest.name}
    body = render_to_string("contests/judging/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
