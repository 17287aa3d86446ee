"""Who is in the pool: an expert's own application, the organiser's decisions on it (approve,
reject, pause, remove, reinstate) and the organiser's invitation of an expert by e-mail.

Every change is audited; decisions that need a reason refuse an empty one. The e-mails go out after
the commit (``contests.send_expert_mail``). Invitation links carry the expert's id and address signed
with ``TimestampSigner`` and expire after ``INVITATION_MAX_AGE``; accepting links the signed-in
account whose e-mail was invited.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests.models import Expert, ExpertSource, ExpertStatus
from contests.services import ContestError
from contests.services.audit import record
from contests.services.invitation_limits import check_invitation_limits

INVITATION_MAX_AGE = timedelta(days=14)
_INVITATION_SALT = "contests.expert-invitation"

# The profile fields an expert edits themselves (never status, source or approval).
PROFILE_FIELDS = (
    "name", "phone", "organisation", "credit_code", "city", "title", "bio", "declared_relations", "load_limit",
)  # fmt: skip

# Declared relations are matched line by line against every organisation in a draw's scope: bounded,
# so that one profile cannot slow every draw down.
RELATIONS_MAX_LENGTH = 2000


def check_profile(data):
    if len(data.get("declared_relations") or "") > RELATIONS_MAX_LENGTH:
        raise ContestError(_("申报回避关系最多 %(n)d 字。") % {"n": RELATIONS_MAX_LENGTH}, code="relations_too_long")


def limit_relations_field(form):
    """The form side of ``RELATIONS_MAX_LENGTH`` (a field error, and the browser's own limit)."""
    from django.core.validators import MaxLengthValidator

    field = form.fields["declared_relations"]
    field.max_length = RELATIONS_MAX_LENGTH
    field.validators.append(MaxLengthValidator(RELATIONS_MAX_LENGTH))
    field.widget.attrs["maxlength"] = str(RELATIONS_MAX_LENGTH)


# decision → (statuses it applies to, new status, reason required, audit action)
DECISIONS = {
    "approve": ((ExpertStatus.APPLIED,), ExpertStatus.ACTIVE, False, "experts.approved"),
    "reject": ((ExpertStatus.APPLIED,), ExpertStatus.REJECTED, True, "experts.rejected"),
    "pause": ((ExpertStatus.ACTIVE,), ExpertStatus.PAUSED, True, "experts.paused"),
    "remove": ((ExpertStatus.ACTIVE, ExpertStatus.PAUSED), ExpertStatus.REMOVED, True, "experts.removed"),
    "reinstate": ((ExpertStatus.PAUSED,), ExpertStatus.ACTIVE, False, "experts.reinstated"),
}
MAILED_DECISIONS = ("approve", "reject")


def _snapshot(expert):
    return {
        **{name: getattr(expert, name) for name in PROFILE_FIELDS if name != "city"},
        "city": expert.city_id,
        "domains": sorted(d.pk for d in expert.domains.all()),
        "status": expert.status,
    }


def apply(user, *, data, domains):
    """The signed-in ``user`` applies to join the pool: a new expert row, status 待审核.

    One expert per account: a second application is refused while the first is pending, and an
    account already in the pool edits its profile instead.
    """
    existing = Expert.objects.filter(user=user).first()
    if existing is not None:
        if existing.status == ExpertStatus.APPLIED:
            raise ContestError(_("您的申请正在审核中，请耐心等待。"), code="pending")
        raise ContestError(_("您已在专家库中，请在“我的专家资料”中修改信息。"), code="already_expert")
    email = user.email.strip().lower()
    if Expert.objects.filter(email=email).exists():
        raise ContestError(_("该邮箱已登记在专家库中，请联系组织者。"), code="email_taken")
    check_profile(data)
    with transaction.atomic():
        expert = Expert(user=user, email=email, source=ExpertSource.APPLICATION, status=ExpertStatus.APPLIED)
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(expert, name, data[name])
        expert.save()
        expert.domains.set(domains)
        record("experts.applied", expert, actor=user, after=_snapshot(expert))
    return expert


def update_profile(expert, *, data, domains, version, actor):
    """The expert edits their own profile (optimistic lock on ``version``)."""
    check_profile(data)
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        if locked.version != version:
            raise ContestError(_("资料已在别处修改，请刷新页面后再保存。"), code="stale")
        before = _snapshot(locked)
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        locked.version += 1
        locked.save()
        locked.domains.set(domains)
        record("experts.profile_changed", locked, actor=actor, before=before, after=_snapshot(locked))
    return locked


def decide(expert, decision, *, actor, reason=""):
    """An organiser's decision on an expert (see ``DECISIONS``); e-mails the applicant when approved
    or rejected."""
    allowed, new_status, needs_reason, action = DECISIONS[decision]
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise ContestError(_("请填写原因，原因将记入审计记录。"), code="reason_required")
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        if locked.status not in allowed:
            raise ContestError(
                _("该专家当前状态为“%(status)s”，不能执行此操作。") % {"status": locked.get_status_display()},
                code="wrong_status",
            )
        before = {"status": locked.status, "status_reason": locked.status_reason}
        locked.status = new_status
        locked.status_reason = reason
        if decision == "approve":
            locked.approved_by, locked.approved_at = actor, timezone.now()
        locked.version += 1
        locked.save()
        record(action, locked, actor=actor, before=before, after={"status": new_status}, note=reason)
        if decision in MAILED_DECISIONS:
            enqueue("contests.send_expert_mail", expert_id=locked.pk, kind=decision)
    return locked


def invite(*, data, domains, actor):
    """The organiser adds an expert by e-mail (source 组织者邀请, status 在库, no account yet) and
    sends a signed link; the expert accepts it signed in to link their account."""
    email = data["email"].strip().lower()
    if Expert.objects.filter(email=email).exists():
        raise ContestError(_("该邮箱已在专家库中。"), code="email_taken")
    check_profile(data)
    check_invitation_limits(
        sender_kind="judge_inviter", sender=actor, address_kind="judge_invitation_mail", email=email
    )
    with transaction.atomic():
        expert = Expert(
            email=email, source=ExpertSource.INVITATION, status=ExpertStatus.ACTIVE,
            approved_by=actor, approved_at=timezone.now(),
        )  # fmt: skip
        for name in (*PROFILE_FIELDS, "status_reason"):
            if name in data:
                setattr(expert, name, data[name])
        expert.save()
        expert.domains.set(domains)
        record("experts.invited", expert, actor=actor, after=_snapshot(expert))
        enqueue("contests.send_expert_mail", expert_id=expert.pk, kind="invite")
    return expert


def judge_roles(expert, now=None):
    """The expert's judge profiles (newest contest first), each annotated with ``open_assignments``:
    active assignments in rounds not yet closed. Pausing or removing an expert leaves these as they
    are; the organiser's confirmation page lists them so they can be stopped one by one."""
    from django.db.models import Count, Q

    from contests.models import AssignmentState, JudgeProfile

    now = now or timezone.now()
    return list(
        JudgeProfile.objects.filter(expert=expert)
        .select_related("contest")
        .annotate(
            open_assignments=Count(
                "assignments",
                filter=Q(assignments__state=AssignmentState.ACTIVE, assignments__round__closes_at__gt=now),
            )
        )
        .order_by("-contest__year", "-pk")
    )


def invitation_token(expert):
    return signing.TimestampSigner(salt=_INVITATION_SALT).sign_object({"i": expert.pk, "e": expert.email})


def read_invitation(token):
    """The invited expert a token names if it is still waiting for an account, else None."""
    try:
        data = signing.TimestampSigner(salt=_INVITATION_SALT).unsign_object(token, max_age=INVITATION_MAX_AGE)
    except (signing.BadSignature, ValueError):  # SignatureExpired is a subclass
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None
    expert = Expert.objects.filter(pk=data["i"], email=data.get("e"), user__isnull=True).first()
    if expert is None or expert.status in (ExpertStatus.REMOVED, ExpertStatus.REJECTED):
        return None
    return expert


def accept_invitation(expert, user):
    """Link ``user`` (whose e-mail must be the invited one) to the invited expert."""
    if user.email.strip().lower() != expert.email:
        raise ContestError(_("此邀请发给了其他邮箱，请使用受邀邮箱登录后再接受。"), code="wrong_account")
    if Expert.objects.filter(user=user).exclude(pk=expert.pk).exists():
        raise ContestError(_("该账号已关联专家库中的另一位专家。"), code="already_expert")
    with transaction.atomic():
        updated = Expert.objects.filter(pk=expert.pk, user__isnull=True).update(user=user, version=expert.version + 1)
        if not updated:
            raise ContestError(_("邀请已失效。"), code="invitation_closed")
        expert.refresh_from_db()
        record("experts.invitation_accepted", expert, actor=user, after={"user": user.pk})
    return expert


def send_expert_mail(expert, kind):
    """The e-mail of ``kind`` (approve, reject, invite) to the expert (called by the task)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    from cms.links import absolute_url

    context = {"expert": expert, "kind": kind}
    if kind == "invite":
        context["url"] = absolute_url(reverse("contests:experts:invitation", args=[invitation_token(expert)]))
        context["days"] = INVITATION_MAX_AGE.days
        subject = _("专家库入库邀请")
    elif kind == "approve":
        context["url"] = absolute_url(reverse("contests:experts:me"))
        subject = _("您的专家库申请已通过")
    else:
        subject = _("您的专家库申请未通过")
    body = render_to_string(f"contests/experts/email/{kind}.txt", context)
    send_mail(subject, body, None, [expert.email])
