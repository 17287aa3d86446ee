"""The status a team is shown for its entry.

Advancement and awards are decided before they are announced: an organiser confirms the cut and
grants awards, then publishes the round's results. Until that publication the team sees its entry
as still in review ("形式审查通过"), so the portal never announces a result early.
"""

from contests.choices import EntryStatus


def _published(round_id):
    from contests.models import ResultPublication

    return round_id is not None and ResultPublication.objects.filter(round_id=round_id).exists()


def _advancement_announced(entry):
    from contests.models import AdvancementDecision

    decision = AdvancementDecision.objects.filter(next_round_id=entry.current_round_id).first()
    return decision is not None and _published(decision.round_id)


def team_visible_status(entry):
    """(value, label) of the status the entry's team may see now."""
    status = entry.status
    if status == EntryStatus.AWARDED:
        announced = entry.awards.filter(revoked_at__isnull=True, round__publication__isnull=False).exists()
        if announced:
            return status, EntryStatus(status).label
        status = EntryStatus.ADVANCED if entry.current_round_id else EntryStatus.ELIGIBLE
    if status == EntryStatus.ADVANCED and not _advancement_announced(entry):
        status = EntryStatus.ELIGIBLE
    return status, EntryStatus(status).label
