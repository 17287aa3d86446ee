"""How the contest moves a need (scenes.NeedPage) along the loop: 征集中 → 已出题 when a 赛题 names
it, → 已揭榜 when an entry answering that 赛题 is submitted, → 已落地 when a go-live of an entry
answering it is confirmed (contests.services.adoption). A need never moves back, and 已落地 (also set
by editors) is never overwritten."""

from cms.site_cache import bump_pages_version
from scenes.choices import NeedStatus

# Each status a need can be in, in loop order: a move only goes forward.
_ORDER = [NeedStatus.COLLECTING, NeedStatus.CHALLENGE_SET, NeedStatus.ANSWERED, NeedStatus.ADOPTED]


def _move_forward(need_id, status):
    """Set the need's status to ``status`` unless it is already there or further along."""
    from scenes.models import NeedPage, set_need_status

    if need_id is None:
        return False
    earlier = _ORDER[: _ORDER.index(status)]
    if not NeedPage.objects.filter(pk=need_id, status__in=earlier).exists():
        return False
    set_need_status(need_id, status)
    # A queryset update sends no page signal: stored pages that show the need's status are retired here.
    bump_pages_version()
    return True


def need_challenge_set(challenge):
    """A 赛题 was set from a need: the need moves to 已出题 (if it was still 征集中)."""
    return _move_forward(challenge.need_id, NeedStatus.CHALLENGE_SET)


def need_answered(entry):
    """An entry answering a 赛题 was submitted: the need behind it moves to 已揭榜 (unless it is
    already 已揭榜 or 已落地). Reads nothing when the entry answers no 赛题."""
    from contests.models import Challenge

    if not entry.challenge_id:
        return False
    need_id = Challenge.objects.filter(pk=entry.challenge_id).values_list("need_id", flat=True).first()
    return _move_forward(need_id, NeedStatus.ANSWERED)


def need_adopted(entry):
    """A go-live (正式上线) of an entry answering a 赛题 was confirmed: the need behind it moves to 已落地
    (``contests.services.adoption.review``). Reads nothing when the entry answers no 赛题."""
    from contests.models import Challenge

    if not entry.challenge_id:
        return False
    need_id = Challenge.objects.filter(pk=entry.challenge_id).values_list("need_id", flat=True).first()
    return _move_forward(need_id, NeedStatus.ADOPTED)
