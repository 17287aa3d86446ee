"""赛题 (challenges): a unit (出题单位) turns a published need into a challenge of a contest's track,
edits it while teams can still answer it, and accepts the results once they are final.

Which needs a unit may take up: any published need still 征集中 (collecting), and the unit's own
needs that are already 已出题 (a unit may set a second 赛题 from its own need, e.g. in another
track). A need that is 已揭榜 or 已落地 is done with. Which tracks: those of a contest before its
submission deadline (upcoming, registration or submission phase), since teams must be able to
answer the challenge. The challenge itself changes only until that deadline.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.site_cache import bump_pages_version
from cms.slugs import readable_slug, unique_slug
from contests.choices import Phase
from contests.rules import can_manage_challenge
from contests.services import ContestError
from contests.services.audit import record
from scenes.choices import NeedStatus
from scenes.models import set_need_status
from scenes.rules import is_unit_member

# The fields a unit writes; everything else (unit, track, need, review flag) is fixed or the organiser's.
CHALLENGE_FIELDS = (
    "title",
    "slug",
    "description",
    "expected_outcome",
    "contact_name",
    "contact_phone",
    "contact_email",
)
OPEN_PHASES = (Phase.UPCOMING, Phase.REGISTRATION, Phase.SUBMISSION)
SLUG_MAX_LENGTH = 60


def need_is_available(need, unit):
    """Whether ``unit`` may set a 赛题 from ``need`` (see the module docstring)."""
    if need is None or not need.live:
        return False
    if need.status == NeedStatus.COLLECTING:
        return True
    return need.status == NeedStatus.CHALLENGE_SET and need.proposing_unit_id == unit.pk


def available_needs(unit_ids):
    """The needs the units (ids) may take up, newest first."""
    from django.db.models import Q

    from scenes.models import NeedPage

    return (
        NeedPage.objects.live()
        .filter(Q(status=NeedStatus.COLLECTING) | Q(status=NeedStatus.CHALLENGE_SET, proposing_unit__in=unit_ids))
        .order_by("-first_published_at", "-pk")
    )


def track_is_open(track, now=None):
    return track.contest.phase(now) in OPEN_PHASES


def open_tracks(now=None):
    """Tracks whose contest has not passed its submission deadline (no results can be final then)."""
    from contests.models import Track

    now = now or timezone.now()
    return (
        Track.objects.select_related("contest")
        .filter(contest__submission_deadline__gt=now)
        .order_by("contest__registration_opens", "sort_order", "pk")
    )


def require_editable(challenge, now=None):
    if challenge.track.contest.phase(now) not in OPEN_PHASES:
        raise ContestError(_("作品提交已截止，赛题及其数据不能再修改。"), code="closed")


def _slug_for(track, data, exclude_pk=None):
    from contests.models import Challenge

    taken = Challenge.objects.filter(track=track).exclude(pk=exclude_pk).values_list("slug", flat=True)
    taken = set(taken)
    slug = (data.get("slug") or "").strip()
    if not slug:
        # Room for a "-NN" suffix within the field's 60 characters (unique_slug cuts at 80).
        base = readable_slug(data["title"])[: SLUG_MAX_LENGTH - 4].strip("-") or "challenge"
        return unique_slug(base, taken.__contains__)
    if slug in taken:
        raise ContestError(_("本赛道已有网址标识为“%(slug)s”的赛题，请换一个。") % {"slug": slug}, code="slug_taken")
    return slug


def _snapshot(challenge):
    return {name: getattr(challenge, name) for name in CHALLENGE_FIELDS}


def create_challenge(unit, need, track, data, user, *, now=None):
    """Create a 赛题 of ``track`` from ``need`` for ``unit``; the need becomes 已出题."""
    from contests.models import Challenge

    if not is_unit_member(user, unit):
        raise ContestError(_("只有本单位的成员可以为本单位出题。"), code="forbidden")
    if not need_is_available(need, unit):
        raise ContestError(_("这条需求不能再出题：只能选择已发布、征集中的需求，或本单位提出的需求。"), code="need")
    if not track_is_open(track, now):
        raise ContestError(_("该赛道所属大赛的作品提交已截止，不能再出题。"), code="closed")
    with transaction.atomic():
        challenge = Challenge(
            track=track,
            unit=unit,
            need=need,
            created_by=user,
            **{name: (data.get(name) or "").strip() for name in CHALLENGE_FIELDS if name != "slug"},
        )
        challenge.slug = _slug_for(track, data)
        challenge.save()
        if need.status == NeedStatus.COLLECTING:
            set_need_status(need.pk, NeedStatus.CHALLENGE_SET)
        record("challenge.create", challenge, actor=user, contest=track.contest, after=_snapshot(challenge))
    return challenge


def update_challenge(challenge, data, user, expected_version, *, now=None):
    """Save the unit's fields if nobody saved since ``expected_version``; return the fresh challenge."""
    from contests.models import Challenge

    if not can_manage_challenge(user, challenge):
        raise ContestError(_("只有出题单位的成员可以修改赛题。"), code="forbidden")
    require_editable(challenge, now)
    values = {name: (data.get(name) or "").strip() for name in CHALLENGE_FIELDS if name != "slug"}
    with transaction.atomic():
        values["slug"] = _slug_for(challenge.track, data, exclude_pk=challenge.pk)
        before = _snapshot(challenge)
        changed = Challenge.objects.filter(pk=challenge.pk, version=expected_version).update(
            version=F("version") + 1, **values
        )
        if not changed:
            raise ContestError(
                _("赛题已被他人修改（您编辑的是旧版本），未保存。请查看最新内容后重新修改。"), code="stale"
            )
        challenge.refresh_from_db()
        # A queryset update sends no signal: retire the stored contest and need pages ourselves.
        transaction.on_commit(bump_pages_version)
        record("challenge.update", challenge, actor=user, contest=challenge.track.contest, before=before, after=values)
    return challenge


def accept_results(challenge, user, *, now=None):
    """The unit confirms the results of its 赛题 (确认结果), once, after the contest's results are final."""
    from contests.models import Challenge

    now = now or timezone.now()
    if not can_manage_challenge(user, challenge):
        raise ContestError(_("只有出题单位的成员可以确认结果。"), code="forbidden")
    final_at = challenge.track.contest.results_final_at()
    if final_at is None or final_at > now:
        raise ContestError(_("大赛结果尚未最终确定，暂不能确认。"), code="not_final")
    with transaction.atomic():
        changed = Challenge.objects.filter(pk=challenge.pk, results_accepted_at__isnull=True).update(
            results_accepted_at=now, results_accepted_by=user
        )
        if not changed:
            raise ContestError(_("本赛题的结果已经确认过了。"), code="already")
        challenge.refresh_from_db()
        record("challenge.accept_results", challenge, actor=user, contest=challenge.track.contest, after={"at": now})
    return challenge
