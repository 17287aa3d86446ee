"""Eligibility review (形式审查) by organisers, after the submission deadline.

A submitted entry is marked eligible — it goes to the judges, who see only ``ELIGIBLE`` entries —
or ineligible with a reason (``IneligibilityReason``) and an explanation. A decision may be revised
until the entry has moved on (advanced or awarded). Every decision is an ``AuditEvent``; the team
is told by e-mail after the commit.

Organisers review every entry; a division manager (分赛区管理员) reviews their own division's entries.

Review waits for the deadline because until then the team may still withdraw and change the entry.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests import models
from contests.choices import EntryStatus, IneligibilityReason
from contests.rules import is_organiser
from contests.services import ContestError
from contests.services.audit import record

REVIEWABLE = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE)


def _state(entry):
    return {"status": entry.status, "reason": entry.eligibility_reason, "note": entry.eligibility_note}


def may_review(user, entry):
    """Organisers, and the managers of the division of the entry's team."""
    if is_organiser(user):
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    return models.Entry.objects.filter(pk=entry.pk, team__division__managers=user).exists()


def review_entry(entry, user, *, eligible, reason="", note="", now=None):
    """Record the reviewer's decision on ``entry``; return the updated entry."""
    now = now or timezone.now()
    if not may_review(user, entry):
        raise ContestError(_("只有大赛组织者或本分赛区管理员可以进行形式审查。"), code="forbidden")
    if models.TeamMembership.objects.filter(team__entries=entry, user=user).exists():
        # A division manager (or organiser) who is on the team would pass their own entry.
        raise ContestError(_("你是该作品所属团队的成员，不能审查本团队的作品。"), code="own_team")
    if not eligible:
        if reason not in IneligibilityReason.values:
            raise ContestError(_("请选择形式审查不通过的原因。"), code="reason")
        if reason == IneligibilityReason.OTHER and not note.strip():
            raise ContestError(_("原因为“其他”时，请填写具体说明。"), code="note")
    with transaction.atomic():
        current = models.Entry.objects.select_for_update().select_related("contest").get(pk=entry.pk)
        if now < current.contest.submission_deadline:
            raise ContestError(_("作品提交截止后才能进行形式审查（截止前团队仍可撤回修改）。"), code="too_early")
        if current.status not in REVIEWABLE:
            raise ContestError(
                _("“%(title)s”当前状态为“%(status)s”，不能进行形式审查。")
                % {"title": current.title, "status": current.get_status_display()},
                code="status",
            )
        before = _state(current)
        current.status = EntryStatus.ELIGIBLE if eligible else EntryStatus.INELIGIBLE
        current.eligibility_reason = "" if eligible else reason
        current.eligibility_note = note.strip()
        current.eligibility_reviewed_by = user
        current.eligibility_reviewed_at = now
        current.save(
            update_fields=[
                "status",
                "eligibility_reason",
                "eligibility_note",
                "eligibility_reviewed_by",
                "eligibility_reviewed_at",
                "updated_at",
            ]
        )
        after = _state(current)
        record("entry.eligibility", current, actor=user, before=before, after=after, note=current.eligibility_note)
        if before != after:
            enqueue("contests.send_eligibility_notice", entry_id=current.pk)
    return current


def review_entries(entries, user, *, eligible, reason="", note="", now=None):
    """The bulk action: review each entry; return ``(reviewed, refused)`` with messages for refusals."""
    reviewed, refused = [], []
    for entry in entries:
        try:
            reviewed.append(review_entry(entry, user, eligible=eligible, reason=reason, note=note, now=now))
        except ContestError as error:
            refused.append(f"{entry.title}：{error}")
    return reviewed, refused


def send_eligibility_notice(entry):
    from contests.services.mail.teams import send_to_team

    send_to_team(
        entry.team, "contests/emails/eligibility", {"entry": entry, "eligible": entry.status == EntryStatus.ELIGIBLE}
    )
