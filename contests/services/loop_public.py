"""What the public sees of the 需求 → 赛题 → 作品 loop, in a constant number of queries each:

* ``contest_challenges``: a contest page's 赛题 grouped by track, each with its unit, the need behind it
  (linked when that need page is live and public) and the data offered with its access level;
* ``need_challenges``: for a need's page, the 赛题 set from it with the number of entries that
  answered it (揭榜), their titles once the contest's results are final, and the winners;
* ``resource_uses``: for a data resource's page, the 赛题 that offer it and the winning entries that
  declared using it.

Only public things: 赛题 of contests whose contest page is live and public, entries that were
submitted (never drafts), titles only after final results, team names only of winners (an active
award of a round whose results are final, as on the contest page).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from contests.choices import AccessLevel, EntryStatus

# Entries that answered a 赛题: submitted, whatever happened to them since.
ANSWERED_STATUSES = (
    EntryStatus.SUBMITTED,
    EntryStatus.ELIGIBLE,
    EntryStatus.INELIGIBLE,
    EntryStatus.ADVANCED,
    EntryStatus.AWARDED,
)
# Whose titles may be listed once results are final (an ineligible entry is not listed by name).
LISTED_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.ADVANCED, EntryStatus.AWARDED)
MAX_ITEMS = 20


def resource_url(resource):
    """The resource's public page (/data/<slug>/), or "" while that URL is not installed."""
    try:
        return resource.get_absolute_url()
    except NoReverseMatch:
        return ""


@dataclass
class Offer:
    resource: object
    access_level: str
    access_label: str
    url: str


@dataclass
class ChallengeCard:
    challenge: object
    offers: list
    need: object = None  # the live, public need page behind it, else None
    need_url: str = ""
    contest: object = None
    contest_url: str = ""
    answered: int = 0
    entry_titles: list = field(default_factory=list)  # only once the contest's results are final
    winners: list = field(default_factory=list)  # [Winner]


@dataclass
class TrackChallenges:
    track: object
    challenges: list


@dataclass
class ChallengeWinner:
    entry: object
    team: object
    awards: list
    url: str


def _offers_prefetch():
    from contests.models import OfferedResource

    return Prefetch("offers", queryset=OfferedResource.objects.select_related("resource").order_by("pk"))


def _offers(challenge):
    labels = dict(AccessLevel.choices)
    return [
        Offer(offer.resource, offer.access_level, str(labels.get(offer.access_level, "")), resource_url(offer.resource))
        for offer in challenge.offers.all()
    ]


def _public_need_ids(need_ids):
    from scenes.models import NeedPage

    if not need_ids:
        return set()
    return set(NeedPage.objects.filter(pk__in=need_ids).live().public().values_list("pk", flat=True))


def public_contest_pages(contest_ids):
    """{contest id: its live, public contest page} (two queries)."""
    from contests.models import ContestPage

    if not contest_ids:
        return {}
    pages = {}
    for page in ContestPage.objects.filter(contest_id__in=contest_ids).live().public().order_by("pk"):
        pages.setdefault(page.contest_id, page)
    return pages


def _page_url(page, request):
    return page.get_url(request) or "" if page is not None else ""


def contest_challenges(contest, request=None):
    """[TrackChallenges] of ``contest`` in track order (four queries whatever the number)."""
    from contests.models import Challenge

    challenges = list(
        Challenge.objects.filter(track__contest=contest)
        .select_related("track", "unit", "need")
        .prefetch_related(_offers_prefetch())
        .order_by("track__sort_order", "track_id", "sort_order", "pk")
    )
    public_needs = _public_need_ids({c.need_id for c in challenges if c.need_id})
    groups = {}
    for challenge in challenges:
        need = challenge.need if challenge.need_id in public_needs else None
        card = ChallengeCard(
            challenge=challenge, offers=_offers(challenge), need=need, need_url=_page_url(need, request)
        )
        groups.setdefault(challenge.track_id, TrackChallenges(track=challenge.track, challenges=[]))
        groups[challenge.track_id].challenges.append(card)
    return list(groups.values())


def _final_contest_ids(contest_ids):
    from contests.models import ResultPublication

    return set(
        ResultPublication.objects.filter(round__contest_id__in=contest_ids, finalised_at__isnull=False).values_list(
            "round__contest_id", flat=True
        )
    )


def _final_awards():
    from contests.models import Award

    return Award.objects.filter(revoked_at__isnull=True, round__publication__finalised_at__isnull=False)


def _winner_url(contest_url, entry):
    return f"{contest_url}winners/{entry.uuid}/" if contest_url else ""


def need_challenges(need, request=None):
    """[ChallengeCard] of the 赛题 set from ``need`` in public contests (constant queries)."""
    from contests.models import Challenge, Entry

    challenges = list(
        Challenge.objects.filter(need=need)
        .select_related("track__contest", "unit")
        .prefetch_related(_offers_prefetch())
        .order_by("-track__contest__year", "track__sort_order", "sort_order", "pk")
    )
    pages = public_contest_pages({c.track.contest_id for c in challenges})
    challenges = [c for c in challenges if c.track.contest_id in pages]
    if not challenges:
        return []
    ids = [c.pk for c in challenges]
    answered = dict(
        Entry.objects.filter(challenge_id__in=ids, status__in=ANSWERED_STATUSES)
        .values("challenge_id")
        .annotate(n=Count("pk"))
        .values_list("challenge_id", "n")
    )
    final = _final_contest_ids({c.track.contest_id for c in challenges})
    titles = {}
    if final:
        listed = Entry.objects.filter(challenge_id__in=ids, contest_id__in=final, status__in=LISTED_STATUSES)
        for challenge_id, title in listed.order_by("title", "pk").values_list("challenge_id", "title"):
            titles.setdefault(challenge_id, []).append(title)
    winners = {}
    awards = (
        _final_awards()
        .filter(entry__challenge_id__in=ids)
        .select_related("category", "entry__team")
        .order_by("category__sort_order", "category_id", "rank", "pk")
    )
    cards = []
    for challenge in challenges:
        page = pages[challenge.track.contest_id]
        cards.append(
            ChallengeCard(
                challenge=challenge,
                offers=_offers(challenge),
                contest=challenge.track.contest,
                contest_url=_page_url(page, request),
                answered=answered.get(challenge.pk, 0),
                entry_titles=titles.get(challenge.pk, [])[:MAX_ITEMS],
            )
        )
    by_pk = {card.challenge.pk: card for card in cards}
    for award in awards:
        card = by_pk[award.entry.challenge_id]
        winner = winners.get(award.entry_id)
        if winner is None:
            url = _winner_url(card.contest_url, award.entry)
            winner = winners[award.entry_id] = ChallengeWinner(award.entry, award.entry.team, [], url)
            card.winners.append(winner)
        winner.awards.append(award)
    return cards


def resource_uses(resource, request=None):
    """The registry's sections for a resource page: the 赛题 that offer it, and the winning entries
    (final, active awards) that declared using it. Constant queries."""
    from contests.models import EntryDataUse, OfferedResource

    labels = dict(AccessLevel.choices)
    offers = list(
        OfferedResource.objects.filter(resource=resource)
        .select_related("challenge__track__contest", "challenge__unit")
        .order_by("-challenge__track__contest__year", "challenge__track__sort_order", "challenge__sort_order", "pk")
    )
    uses = list(
        EntryDataUse.objects.filter(resource=resource, entry_id__in=_final_awards().values("entry_id"))
        .select_related("entry__contest", "entry__team")
        .order_by("-entry__contest__year", "entry__title", "pk")
    )
    pages = public_contest_pages(
        {offer.challenge.track.contest_id for offer in offers} | {use.entry.contest_id for use in uses}
    )
    offers = [offer for offer in offers if offer.challenge.track.contest_id in pages]
    uses = [use for use in uses if use.entry.contest_id in pages]
    sections = []
    if offers:
        sections.append(
            {
                "key": "challenges",
                "label": _("赛题"),
                "count": len(offers),
                "items": [
                    {
                        "title": offer.challenge.title,
                        "url": _page_url(pages[offer.challenge.track.contest_id], request),
                        "note": f"{offer.challenge.track.contest.name} · {offer.challenge.unit.name} · "
                        f"{labels.get(offer.access_level, '')}",
                    }
                    for offer in offers[:MAX_ITEMS]
                ],
            }
        )
    if uses:
        sections.append(
            {
                "key": "winning_entries",
                "label": _("获奖作品"),
                "count": len(uses),
                "items": [
                    {
                        "title": use.entry.title,
                        "url": _winner_url(_page_url(pages[use.entry.contest_id], request), use.entry),
                        "note": f"{use.entry.contest.name} · {use.entry.team.name} · {use.how}",
                    }
                    for use in uses[:MAX_ITEMS]
                ],
            }
        )
    return sections


def resource_findings(resource, request=None):
    """The registry's summary of a resource's answered data-quality findings: the kind of problem
    and the owner's answer, newest answer first (the team and its description stay private). Two
    queries, whatever the data."""
    from contests.choices import FindingCategory, FindingStatus
    from contests.models import DataFinding

    handled = DataFinding.objects.filter(resource=resource, status=FindingStatus.HANDLED)
    count = handled.count()
    if not count:
        return None
    labels = dict(FindingCategory.choices)
    rows = handled.order_by("-responded_at", "-pk").values_list("category", "response", "responded_at")[:MAX_ITEMS]
    return {
        "count": count,
        "items": [
            {"category": labels.get(category, category), "response": response, "responded_at": responded_at}
            for category, response, responded_at in rows
        ],
    }
