"""Data-quality findings (数据质量问题): an entry tells a resource's owner what is wrong with the
data; a member of the owner unit responds once, and the finding is then 已处理 (handled)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.site_cache import bump_pages_version
from contests.choices import FindingStatus
from contests.rules import can_respond_to_finding
from contests.services import ContestError
from contests.services.audit import record

RESPONSE_MAX_LENGTH = 2000


def findings_for_units(unit_ids):
    """Findings about the resources the units own: received ones first, then the newest."""
    from django.db.models import Case, IntegerField, Value, When

    from contests.models import DataFinding

    received_first = Case(
        When(status=FindingStatus.RECEIVED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        DataFinding.objects.filter(resource__owner_unit_id__in=unit_ids)
        .select_related("resource", "entry")
        .order_by(received_first, "-reported_at", "-pk")
    )


def respond_to_finding(finding, user, response, now=None):
    """Record the owner's response; the finding becomes 已处理."""
    from contests.models import DataFinding

    now = now or timezone.now()
    if not can_respond_to_finding(user, finding):
        raise ContestError(_("只有数据责任单位的成员可以答复这条问题。"), code="forbidden")
    response = (response or "").strip()
    if not response:
        raise ContestError(_("请填写处理答复。"), code="required")
    if len(response) > RESPONSE_MAX_LENGTH:
        raise ContestError(_("处理答复不能超过 %(n)d 个字。") % {"n": RESPONSE_MAX_LENGTH}, code="too_long")
    with transaction.atomic():
        changed = DataFinding.objects.filter(pk=finding.pk, status=FindingStatus.RECEIVED).update(
            status=FindingStatus.HANDLED, response=response, responded_at=now, responded_by=user
        )
        if not changed:
            raise ContestError(_("这条问题已经答复过了。"), code="already")
        finding.refresh_from_db()
        # A queryset update sends no signal: retire the stored resource pages that show answers.
        transaction.on_commit(bump_pages_version)
        record(
            "finding.respond",
            finding,
            actor=user,
            contest=finding.entry.contest,
            after={"status": finding.status, "response": response},
        )
    return finding
