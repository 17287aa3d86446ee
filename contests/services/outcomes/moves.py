"""Moving entries into a later round: the one step advancement (``advancement.confirm_advancement``)
and a finalist taken from the waitlist (``finalists.replace``) share."""

from django.utils.translation import gettext as _

from contests import models
from contests.choices import EntryStatus
from contests.services import ContestError


def move_into_round(entry_ids, next_round, now):
    """Move entries still in play (ELIGIBLE, or ADVANCED) into ``next_round`` as ADVANCED; inside the
    caller's transaction, which an entry whose status changed meanwhile rolls back."""
    moved = models.Entry.objects.filter(
        pk__in=entry_ids, status__in=[EntryStatus.ELIGIBLE, EntryStatus.ADVANCED]
    ).update(status=EntryStatus.ADVANCED, current_round=next_round, updated_at=now)
    if moved != len(entry_ids):
        raise ContestError(_("有作品的状态在确定过程中发生了变化，请重新预览后再确定。"), code="changed")
