"""Unit vetting (单位负责人确认): a school's or company's contact person confirms that the teams
claiming their organisation are really theirs.

* **Apply** — a signed-in person asks to be their organisation's contact for a contest (organisation
  name, unified social credit code, a note for the organisers). An organiser approves the request
  in the admin (with a confirmation), or turns it down — and later withdraws an approval the same
  way (``revoke``, with a reason: a contact who left, or was approved by mistake, must stop seeing
  the teams' members); the person is told by e-mail either way.
* **Match** — an approved contact's teams are the contest's teams of their organisation: by credit
  code when both the contact and the team have one, else by the exact organisation name. Nobody
  else's team is reachable (404).
* **Decide** — the contact confirms a team (单位已确认) or disputes it (单位不认可, with a reason),
  never a team they belong to themselves;
  audited, the team's leader is told by e-mail. The contact sees members' names and roles only,
  never the entry's content.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from cms.validators import reject_bidi_controls, validate_credit_code
from contests import models
from contests.models import AuditEvent, OrganisationContact, VettingStatus
from contests.rules import is_organiser
from contests.services import ContestError
from contests.services.audit import record

MAX_ORGANISATION = 200
MAX_NOTE = 2000


def _require_organiser(actor):
    if not is_organiser(actor):
        raise ContestError(_("只有大赛组织者可以批准单位负责人。"), code="forbidden")


def apply(contest, *, user, organisation, credit_code="", note=""):
    """Ask to be ``organisation``'s contact for ``contest``; returns the pending ``OrganisationContact``."""
    from django.core.exceptions import ValidationError

    organisation = (organisation or "").strip()
    credit_code = (credit_code or "").strip().upper()
    note = (note or "").strip()
    if not organisation:
        raise ContestError(_("请填写单位名称。"), code="organisation")
    if len(organisation) > MAX_ORGANISATION:
        raise ContestError(_("单位名称不能超过 %(max)d 个字。") % {"max": MAX_ORGANISATION}, code="organisation")
    if len(note) > MAX_NOTE:
        raise ContestError(_("说明不能超过 %(max)d 个字。") % {"max": MAX_NOTE}, code="note")
    try:
        reject_bidi_controls(organisation)
        reject_bidi_controls(note)
    except ValidationError as error:
        raise ContestError(error.messages[0], code="bidi") from error
    if credit_code:
        try:
            validate_credit_code(credit_code)
        except ValidationError as error:
            raise ContestError(error.messages[0], code="credit_code") from error
    with transaction.atomic():
        contact = (
            OrganisationContact.objects.select_for_update()
            .filter(contest=contest, user=user, organisation=organisation)
            .first()
        )
        if contact is not None and contact.revoked_at is None:
            raise ContestError(_("你已申请过成为该单位的负责人。"), code="duplicate")
        if contact is not None:
            # Turned down or withdrawn earlier: the same request, pending again.
            contact.credit_code = credit_code
            contact.approved_by = contact.approved_at = contact.revoked_at = None
            contact.save(update_fields=["credit_code", "approved_by", "approved_at", "revoked_at"])
        else:
            contact = OrganisationContact.objects.create(
                contest=contest, user=user, organisation=organisation, credit_code=credit_code
            )
        record(
            "vetting.apply", contact, actor=user, contest=contest,
            after={"organisation": organisation, "credit_code": credit_code}, note=note,
        )  # fmt: skip
    return contact


def approve(contact, *, actor, now=None):
    """An organiser approves a pending contact request."""
    _require_organiser(actor)
    now = now or timezone.now()
    with transaction.atomic():
        locked = OrganisationContact.objects.select_for_update().select_related("contest").get(pk=contact.pk)
        if locked.approved_at is not None or locked.revoked_at is not None:
            raise ContestError(_("该申请已处理过。"), code="status")
        locked.approved_by, locked.approved_at = actor, now
        locked.save(update_fields=["approved_by", "approved_at"])
        record("vetting.approve_contact", locked, actor=actor, contest=locked.contest, after={"approved_at": now})
        enqueue("contests.send_contact_approved", contact_id=locked.pk)
    return locked


def revoke(contact, *, actor, reason, now=None):
    """An organiser turns down a pending request (驳回) or withdraws an approval (撤销); ``reason`` is
    required, kept in the audit trail and told to the person. The contact sees no team from then on."""
    _require_organiser(actor)
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ContestError(_("请填写原因，会通过邮件告知申请人。"), code="reason")
    if len(reason) > MAX_NOTE:
        raise ContestError(_("原因不能超过 %(max)d 个字。") % {"max": MAX_NOTE}, code="reason")
    with transaction.atomic():
        locked = OrganisationContact.objects.select_for_update().select_related("contest").get(pk=contact.pk)
        if locked.revoked_at is not None:
            raise ContestError(_("该申请已驳回或撤销。"), code="status")
        was_approved = locked.approved_at is not None
        locked.revoked_at = now
        locked.save(update_fields=["revoked_at"])
        record(
            "vetting.revoke_contact", locked, actor=actor, contest=locked.contest,
            before={"approved": was_approved}, after={"revoked_at": now}, note=reason,
        )  # fmt: skip
        enqueue("contests.send_contact_revoked", contact_id=locked.pk, reason=reason, was_approved=was_approved)
    return locked


def application_note(contact):
    """What the applicant wrote for the organisers (duties, a phone number), kept with the application's audit event."""
    event = (
        AuditEvent.objects.filter(action="vetting.apply", object_type="contests.organisationcontact")
        .filter(object_id=str(contact.pk))
        .order_by("-pk")
        .first()
    )
    return event.note if event else ""


def active_contacts(user):
    if not (user and user.is_authenticated and user.is_active):
        return OrganisationContact.objects.none()
    return OrganisationContact.objects.filter(user=user, approved_at__isnull=False, revoked_at__isnull=True)


def match(contact):
    """The Q of the teams of ``contact``'s organisation (credit code when both have one, else name)."""
    by_name = Q(organisation=contact.organisation) & ~Q(organisation="")
    if contact.credit_code:
        return Q(contest_id=contact.contest_id) & (Q(credit_code=contact.credit_code) | (Q(credit_code="") & by_name))
    return Q(contest_id=contact.contest_id) & by_name


def teams_for_contact(contact):
    return models.Team.objects.filter(match(contact))


def teams_for(user):
    """Every team an approved contact of ``user`` may vet (none for anyone else)."""
    condition = Q(pk__in=[])
    for contact in active_contacts(user):
        condition |= match(contact)
    return models.Team.objects.filter(condition)


def decide(team, *, actor, confirmed, reason="", expected_status=None, now=None):
    """Confirm (单位已确认) or dispute (单位不认可, reason required) ``team``."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not confirmed and not reason:
        raise ContestError(_("不认可时必须填写原因。"), code="reason")
    if len(reason) > MAX_NOTE:
        raise ContestError(_("原因不能超过 %(max)d 个字。") % {"max": MAX_NOTE}, code="reason")
    status = VettingStatus.CONFIRMED if confirmed else VettingStatus.DISPUTED
    with transaction.atomic():
        locked = models.Team.objects.select_for_update().select_related("contest").get(pk=team.pk)
        if not teams_for(actor).filter(pk=locked.pk).exists():
            raise ContestError(_("你不能确认这个团队。"), code="forbidden")
        if locked.memberships.filter(user=actor).exists():
            # The confirmation vouches for the team to the organisers: not by one of its own members.
            raise ContestError(_("你是该团队的成员，不能确认自己所在的团队，请联系组委会。"), code="own")
        if expected_status is not None and locked.vetting_status != expected_status:
            raise ContestError(_("该团队的单位确认已被他人修改，请刷新页面后重试。"), code="stale")
        before = locked.vetting_status
        locked.vetting_status, locked.vetting_note = status, reason
        locked.vetted_by, locked.vetted_at = actor, now
        locked.save(update_fields=["vetting_status", "vetting_note", "vetted_by", "vetted_at"])
        record(
            "vetting.decide", locked, actor=actor, contest=locked.contest,
            before={"vetting_status": before}, after={"vetting_status": status}, note=reason,
        )  # fmt: skip
        enqueue("contests.send_team_vetted", team_id=locked.pk)
    return locked
