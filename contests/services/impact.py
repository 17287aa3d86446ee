"""The impact dashboard's figures (/impact/, its organiser view, downloads and fact sheets).

The unit is the *winning entry*: an entry holding at least one award that is not revoked, given in a
round whose results are final (an entry with two awards counts once). Nothing provisional, revoked
or unpublished is counted. Around each winner its adoption milestones are grouped per city node:

* a confirmed **pilot** is a (winner, city) pair with a confirmed 试点协议 or 试点 milestone;
* a confirmed **go-live** is a (winner, city) pair with a confirmed 正式上线 milestone;
* **beneficiaries** of a (winner, city) pair are the largest figure any of its confirmed milestones
  reports (a later figure restates the scale, it does not add to it), summed over pairs;
* **investment** (万元) is the sum over confirmed milestones (each is money received);
* **落地率** is the share of winners with at least one confirmed go-live.

Dimensions: contest, contest year, track, city (the milestone's node) and domain. An entry's domains
are those of the need (应用需求) its 赛题 was set from plus those of the solution page it was promoted
to; an entry with neither counts under “未归类”. Filters (contest, year, domain) narrow the winners;
the city filter narrows the milestones only — a winner has no city of its own, so with a city chosen
落地率 reads “share of winners that went live in that city”.

The organiser view adds unconfirmed milestones (待确认, 需补充材料) as a separate count, never in the
figures above. Everything comes from a fixed number of queries: the winners, one GROUP BY over their
milestones, the entries' domains, and the filter choices.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.utils.translation import gettext as _

from contests.models import AdoptionMilestone, Award, Contest, Entry
from contests.models.adoption import MilestoneKind, MilestoneStatus
from contests.models.outcomes import AwardLevel
from scenes.choices import NodeKind
from scenes.models import Domain, Node

PILOT_KINDS = (MilestoneKind.PILOT_AGREEMENT, MilestoneKind.PILOT)
UNCONFIRMED = (MilestoneStatus.SUBMITTED, MilestoneStatus.MORE_INFO)
UNCLASSIFIED = ""  # the domain key of entries without a domain
YEAR_MIN, YEAR_MAX = 2000, 2100
# Award levels from the highest: an entry's "award" is its best one.
LEVEL_ORDER = [level.value for level in AwardLevel]


@dataclass(frozen=True)
class Filters:
    contest: Contest | None = None
    year: int | None = None
    city: Node | None = None
    domain: Domain | None = None

    def query(self):
        """The filters as GET parameters (for links and downloads)."""
        params = {}
        if self.contest:
            params["contest"] = self.contest.slug
        if self.year:
            params["year"] = str(self.year)
        if self.city:
            params["city"] = self.city.slug
        if self.domain:
            params["domain"] = self.domain.slug
        return params

    @property
    def active(self):
        return bool(self.query())


@dataclass
class Figures:
    """The figures of one group (a contest, a year, a city…); ``key`` and ``label`` name the group."""

    key: str
    label: str
    winners: set = field(default_factory=set)
    live_winners: set = field(default_factory=set)
    pilots: int = 0
    go_lives: int = 0
    beneficiaries: int = 0
    investment: Decimal = Decimal(0)
    unconfirmed: int = 0

    @property
    def winner_count(self):
        return len(self.winners)

    @property
    def live_count(self):
        return len(self.live_winners)

    @property
    def rate(self):
        """落地率 as a fraction (None without winners)."""
        return self.live_count / len(self.winners) if self.winners else None

    @property
    def rate_percent(self):
        rate = self.rate
        return None if rate is None else round(rate * 100, 1)


@dataclass
class Winner:
    """One winning entry and its figures (the per-entry rows of the organiser view and downloads)."""

    entry_id: int
    title: str
    team: str
    contest_id: int
    contest_name: str
    contest_slug: str
    year: int
    track_id: int
    track_name: str
    level: str
    award_names: list
    domains: list = field(default_factory=list)  # Domain objects
    cities: dict = field(default_factory=dict)  # node id -> name, cities with a confirmed milestone
    live_cities: dict = field(default_factory=dict)
    pilots: int = 0
    go_lives: int = 0
    first_go_live: object = None
    beneficiaries: int = 0
    investment: Decimal = Decimal(0)
    unconfirmed: int = 0
    uuid: object = None

    @property
    def level_label(self):
        return AwardLevel(self.level).label if self.level in LEVEL_ORDER else ""

    @property
    def is_live(self):
        return self.go_lives > 0


@dataclass
class Impact:
    filters: Filters
    total: Figures
    by_contest: list
    by_year: list
    by_track: list
    by_city: list
    by_domain: list
    winners: list  # [Winner], contest year descending, then track and title
    with_unconfirmed: bool = False


# ---------------------------------------------------------------- filters


def filter_choices():
    """What the filter form offers: contests with final results, their years, cities, domains."""
    contests = list(
        Contest.objects.filter(rounds__publication__finalised_at__isnull=False).distinct().order_by("-year", "name")
    )
    return {
        "contests": contests,
        "years": sorted({c.year for c in contests}, reverse=True),
        "cities": list(Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order", "pk")),
        "domains": list(Domain.objects.order_by("sort_order", "name")),
    }


def parse_filters(params, choices):
    """Filters from GET parameters; anything unknown, malformed or absurd is ignored (no filter)."""

    def pick(name, objects, attr="slug"):
        value = params.get(name, "")
        if not isinstance(value, str) or not value or len(value) > 100:
            return None
        return next((o for o in objects if getattr(o, attr) == value), None)

    year = params.get("year", "")
    year = int(year) if isinstance(year, str) and year.isascii() and year.isdigit() and len(year) == 4 else None
    if year is not None and not (YEAR_MIN <= year <= YEAR_MAX):
        year = None
    return Filters(
        contest=pick("contest", choices["contests"]),
        year=year,
        city=pick("city", choices["cities"]),
        domain=pick("domain", choices["domains"]),
    )


# ---------------------------------------------------------------- queries


def final_awards():
    """Awards that count: not revoked, in a round whose results are final."""
    return Award.objects.filter(revoked_at__isnull=True, round__publication__finalised_at__isnull=False)


def _awards(filters):
    awards = final_awards()
    if filters.contest:
        awards = awards.filter(entry__contest=filters.contest)
    if filters.year:
        awards = awards.filter(entry__contest__year=filters.year)
    return awards


def _winners(awards):
    rows = awards.values_list(
        "entry_id",
        "entry__title",
        "entry__team__name",
        "entry__contest_id",
        "entry__contest__name",
        "entry__contest__slug",
        "entry__contest__year",
        "entry__track_id",
        "entry__track__name",
        "category__level",
        "category__name",
        "entry__uuid",
    ).order_by("-entry__contest__year", "entry__contest_id", "entry__track__sort_order", "entry__track_id", "entry_id")
    winners = {}
    for entry_id, title, team, contest_id, c_name, c_slug, year, track_id, t_name, level, a_name, uuid in rows:
        winner = winners.get(entry_id)
        if winner is None:
            winner = winners[entry_id] = Winner(
                entry_id, title, team, contest_id, c_name, c_slug, year, track_id, t_name, level, [], uuid=uuid
            )
        elif LEVEL_ORDER.index(level) < LEVEL_ORDER.index(winner.level):
            winner.level = level
        winner.award_names.append(a_name)
    return winners


def _entry_domains(entry_ids_query):
    """{entry id: {domain id}} from the need behind the 赛题 and the promoted solution page (two queries)."""
    domains = defaultdict(set)
    entries = Entry.objects.filter(pk__in=entry_ids_query)
    for path in ("challenge__need__domains", "promotion__solution_page__domains"):
        for entry_id, domain_id in entries.filter(**{f"{path}__isnull": False}).values_list("pk", path).distinct():
            domains[entry_id].add(domain_id)
    return domains


def _milestone_groups(entry_ids_query, *, with_unconfirmed):
    """One GROUP BY: per (entry, node, status) the pilots, go-lives, largest beneficiaries, investment."""
    statuses = [MilestoneStatus.CONFIRMED, *(UNCONFIRMED if with_unconfirmed else ())]
    return (
        AdoptionMilestone.objects.filter(entry__in=entry_ids_query, status__in=statuses)
        .values("entry_id", "node_id", "node__name", "status")
        .annotate(
            n=Count("pk"),
            pilots=Count("pk", filter=Q(kind__in=PILOT_KINDS)),
            go_lives=Count("pk", filter=Q(kind=MilestoneKind.GO_LIVE)),
            first_go_live=Min("happened_on", filter=Q(kind=MilestoneKind.GO_LIVE)),
            beneficiaries=Max("beneficiaries"),
            investment=Sum("investment_wan"),
        )
        .order_by("entry_id", "node_id", "status")
    )


# ---------------------------------------------------------------- the aggregate


def impact(filters=None, *, with_unconfirmed=False, choices=None):
    """The dashboard's figures under ``filters`` (constant number of queries)."""
    choices = choices or filter_choices()
    filters = filters or Filters()
    awards = _awards(filters)
    winners = _winners(awards)
    domain_names = {d.pk: d for d in choices["domains"]}
    # The winners travel as a subquery, not a list of parameters: no limit on their number.
    ids_query = awards.values("entry_id")
    entry_domains = _entry_domains(ids_query) if winners else {}
    for winner in winners.values():
        found = sorted(entry_domains.get(winner.entry_id, ()), key=_domain_sort(domain_names))
        winner.domains = [domain_names[pk] for pk in found]
    if filters.domain:
        winners = {pk: w for pk, w in winners.items() if filters.domain in w.domains}
    groups = list(_milestone_groups(ids_query, with_unconfirmed=with_unconfirmed)) if winners else []

    total = Figures("", _("合计"))
    by_contest, by_year, by_track, by_city, by_domain = {}, {}, {}, {}, {}
    unclassified = _("未归类")

    def buckets(winner):
        yield total
        yield by_contest.setdefault(winner.contest_id, Figures(winner.contest_slug, winner.contest_name))
        yield by_year.setdefault(winner.year, Figures(str(winner.year), str(winner.year)))
        yield by_track.setdefault(
            winner.track_id, Figures(str(winner.track_id), f"{winner.contest_name} · {winner.track_name}")
        )
        for domain in winner.domains or [None]:
            key = domain.slug if domain else UNCLASSIFIED
            yield by_domain.setdefault(key, Figures(key, domain.display_name if domain else unclassified))

    for winner in winners.values():
        for bucket in buckets(winner):
            bucket.winners.add(winner.entry_id)

    for city in choices["cities"]:
        by_city[city.pk] = Figures(city.slug, city.display_name)
    for group in groups:
        winner = winners.get(group["entry_id"])
        if winner is None or (filters.city and group["node_id"] != filters.city.pk):
            continue
        if group["status"] != MilestoneStatus.CONFIRMED:
            winner.unconfirmed += group["n"]
            for bucket in buckets(winner):
                bucket.unconfirmed += group["n"]
            if group["node_id"] in by_city:
                by_city[group["node_id"]].unconfirmed += group["n"]
            continue
        _add_confirmed(winner, group)
        city_bucket = by_city.get(group["node_id"])
        if city_bucket is None and group["node_id"] is not None:
            # A provincial or industry node: shown after the cities, with no key (it is no city filter).
            city_bucket = by_city[group["node_id"]] = Figures("", group["node__name"])
        if city_bucket is not None:
            # A city's winners are those with a confirmed milestone there.
            city_bucket.winners.add(winner.entry_id)
            _add_group(city_bucket, winner, group)
        for bucket in buckets(winner):
            _add_group(bucket, winner, group)

    return Impact(
        filters=filters,
        total=total,
        by_contest=list(by_contest.values()),
        by_year=sorted(by_year.values(), key=lambda f: f.key),
        by_track=list(by_track.values()),
        by_city=[c for c in by_city.values() if not filters.city or c.key == filters.city.slug],
        by_domain=sorted(by_domain.values(), key=lambda f: (f.key == UNCLASSIFIED, -f.winner_count, f.label)),
        winners=list(winners.values()),
        with_unconfirmed=with_unconfirmed,
    )


def _domain_sort(domains):
    return lambda pk: (domains[pk].sort_order, domains[pk].name)


def _add_confirmed(winner, group):
    if group["node_id"] is not None:
        winner.cities[group["node_id"]] = group["node__name"]
    winner.pilots += 1 if group["pilots"] else 0
    if group["go_lives"]:
        winner.go_lives += 1
        if group["node_id"] is not None:
            winner.live_cities[group["node_id"]] = group["node__name"]
        if winner.first_go_live is None or group["first_go_live"] < winner.first_go_live:
            winner.first_go_live = group["first_go_live"]
    winner.beneficiaries += group["beneficiaries"] or 0
    winner.investment += group["investment"] or 0


def _add_group(bucket, winner, group):
    bucket.pilots += 1 if group["pilots"] else 0
    if group["go_lives"]:
        bucket.go_lives += 1
        bucket.live_winners.add(winner.entry_id)
    bucket.beneficiaries += group["beneficiaries"] or 0
    bucket.investment += group["investment"] or 0


def confirmed_go_lives(contest):
    """The contest's confirmed go-lives of final winners, for its fact sheet (one query)."""
    return list(
        AdoptionMilestone.objects.filter(
            entry__in=final_awards().filter(entry__contest=contest).values("entry_id"),
            status=MilestoneStatus.CONFIRMED,
            kind=MilestoneKind.GO_LIVE,
        )
        .select_related("entry__team", "entry__track", "node")
        .order_by("happened_on", "pk")
    )
