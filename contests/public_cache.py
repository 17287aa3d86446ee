"""What the contest pages show the public, for the page cache (cms/page_cache.py): a version that
organisers' changes to a contest's public data bump, and the time left until the next date on
which a contest changes phase, after which no stored page may still be shown.

Team and participant counts are not versioned (registration would retire every stored page each
time someone joins): the pages that show them stay stored for ``COUNTS_SECONDS`` only."""

from django.core.cache import cache
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from cms.cache_versions import CacheVersion

CONTEST_VERSION = CacheVersion("contests:public-version")
COUNTS_SECONDS = 60
_NO_DEADLINE = "none"


def _public_models():
    from contests import models

    return (
        models.Contest,
        models.Track,
        models.Round,
        models.AwardCategory,
        models.Award,
        models.ResultPublication,
        models.Promotion,
        models.AdvancementDecision,
        # The contest page lists the 赛题 and the data they offer.
        models.Challenge,
        models.OfferedResource,
        # A data resource's page shows the findings its owner has answered.
        models.DataFinding,
        # /impact/ and the fact sheets count confirmed adoption milestones.
        models.AdoptionMilestone,
        # The contest page links a round's public vote once its rules are published.
        models.PublicVote,
    )


def _phase_dates():
    """Every date on which a contest's or a round's phase changes, or results are published."""
    from contests import models

    return {
        models.Contest: models.Contest.TIMELINE_FIELDS,
        models.Round: ("opens_at", "closes_at"),
        models.ResultPublication: ("published_at", "notice_ends_at"),
        models.PublicVote: ("opens_at", "closes_at"),
    }


def _next_phase_date(now):
    upcoming = []
    for model, fields in _phase_dates().items():
        # One query per model: the earliest future value of each of its dates.
        firsts = model.objects.aggregate(**{field: Min(field, filter=Q(**{f"{field}__gt": now})) for field in fields})
        upcoming += [date for date in firsts.values() if date is not None]
    return min(upcoming) if upcoming else None


def seconds_to_next_phase():
    """Seconds until the next phase date of any contest (None when none is ahead)."""
    now = timezone.now()
    key = f"contests:next-phase-date:v{CONTEST_VERSION.current()}"
    known = cache.get(key)
    if known is None or (known != _NO_DEADLINE and known <= now):
        found = _next_phase_date(now)
        known = found or _NO_DEADLINE
        cache.set(key, known, 24 * 60 * 60)
    if known == _NO_DEADLINE:
        return None
    return (known - now).total_seconds()


def _public_data_changed(**kwargs):
    CONTEST_VERSION.bump()


def connect_signals():
    for model in _public_models():
        label = model._meta.label
        post_save.connect(_public_data_changed, sender=model, dispatch_uid=f"contest-public-save-{label}")
        post_delete.connect(_public_data_changed, sender=model, dispatch_uid=f"contest-public-delete-{label}")
