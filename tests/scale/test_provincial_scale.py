"""Issue #18 at provincial scale: with 16 divisions, ≈14,000 participants and 500 pool experts, the
division manager's workspace, the province dashboard, the expert pool and its draws, the real-name
review lists and the unit contact's vetting page keep the number of queries they had with 3
divisions, 12 demo teams and 40 experts.

The small world is the demo's own (contest, entries, judging, then the 分赛区, 专家库, 实名 and vetting
loaders); it grows with ``load_demo --teams 4000``'s bulk path, 13 more divisions (one per city
node, teams spread over all 16), 460 more experts, a pending real-name proof per participant and
a second draw from the grown pool. Everything runs in one transaction rolled back at the end.
"""

import time
from itertools import cycle

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from cms.demo import load_site
from contests.choices import TeamRole
from contests.demo.contest import CONTEST_SLUG, ORGANISER, load_contest
from contests.demo.divisions import load_divisions
from contests.demo.entries import load_entries
from contests.demo.experts import load_experts
from contests.demo.identity import load_identity
from contests.demo.judging import load_judging
from contests.models import (
    Contest,
    Division,
    Expert,
    ExpertStatus,
    IdentityProof,
    OrganisationContact,
    ProofStatus,
    Round,
    Team,
    TeamMembership,
)
from contests.services.experts.draw import draw_experts
from scenes.choices import NodeKind
from scenes.models import Domain, Node
from tests.scale.conftest import describe, module_transaction, query_counts

pytestmark = pytest.mark.django_db

SMALL_TEAMS = 12
LARGE_TEAMS = 4000
LARGE_EXPERTS = 500
MANAGER = "jinan.division@shuyong.example"

# Pages that list rows of the data (a query per row would show in the counts).
LISTS = [
    "division: teams",
    "division: entries",
    "division: eligibility review",
    "division: real-name review",
    "expert pool",
    "real-name review (organiser)",
]


def url(name, *args, **params):
    return reverse(name, args=args) + (f"?{urlencode(params)}" if params else "")


def division_url(name, contest, **kwargs):
    return reverse(
        f"contests:divisions:{name}", kwargs={"contest_slug": contest.slug, "division_slug": "jinan", **kwargs}
    )


def page_urls(contest, draw):
    round_one = Round.objects.get(contest=contest, number=1)
    return {
        "division: dashboard": ("manager", division_url("dashboard", contest)),
        "division: teams": ("manager", division_url("teams", contest)),
        "division: entries": ("manager", division_url("entries", contest)),
        "division: eligibility review": ("manager", division_url("eligibility", contest)),
        "division: judges": ("manager", division_url("judges", contest)),
        "division: real-name review": ("manager", division_url("identity", contest)),
        "division: rounds": ("manager", division_url("rounds", contest)),
        "division: round results": ("manager", division_url("round_results", contest, round_id=round_one.pk)),
        "province dashboard": ("organiser", reverse("province_dashboard:contest", kwargs={"contest_id": contest.pk})),
        "expert pool": ("organiser", url("expert_pool:index")),
        "expert draw record": ("organiser", reverse("expert_pool:draw", kwargs={"draw_id": draw.pk})),
        "real-name review (organiser)": ("organiser", url("identity_admin", contest=contest.pk)),
        "entry form questions": ("organiser", url("contest_form_fields:index")),
        "unit contact's teams": ("contact", url("contests:vetting:home")),
    }


def clients():
    users = get_user_model().objects
    signed_in = {}
    for who, email in (("manager", MANAGER), ("organiser", ORGANISER[0]), ("contact", "contact@shuyong.example")):
        signed_in[who] = Client()
        signed_in[who].force_login(users.get(email=email))
    return signed_in


def panel_figures(response):
    """The draw record reads the panel figures of its experts' rounds (2 queries) only when one of the
    listed experts has judged before: bounded, whatever the pool's size (services/experts/record.py)."""
    rows = response.context["rows"] if response.context and "rows" in response.context else []
    return 2 if any(row["record"] and row["record"].rounds for row in rows) else 0


def measure(signed_in, urls, *, warm_up):
    return {
        name: query_counts(
            signed_in[who],
            address,
            warm_up=warm_up,
            then_cached=False,
            discount=panel_figures if name == "expert draw record" else None,
        )
        for name, (who, address) in urls.items()
    }


def ensure_domains():
    for slug, name in (("elderly", "养老服务"), ("transport", "交通出行"), ("governance", "基层治理")):
        Domain.objects.get_or_create(slug=slug, defaults={"name": name})


def draw(contest, seed):
    last_round = Round.objects.filter(contest=contest).order_by("-number").first()
    organiser = get_user_model().objects.get(email=ORGANISER[0])
    return draw_experts(last_round, count=3, domains=list(Domain.objects.all()[:3]), seed=seed, actor=organiser)


def spread_over_16_divisions(contest):
    """A division per city node (the demo made 3), and the contest's teams dealt over all 16."""
    for order, node in enumerate(Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order")):
        Division.objects.get_or_create(
            contest=contest, node=node, defaults={"name": f"{node.name}分赛区", "slug": node.slug, "sort_order": order}
        )
    divisions = list(Division.objects.filter(contest=contest).order_by("pk"))
    by_division = {division.pk: [] for division in divisions}
    for team_id, division in zip(
        Team.objects.filter(contest=contest).order_by("pk").values_list("pk", flat=True), cycle(divisions)
    ):
        by_division[division.pk].append(team_id)
    for division_id, team_ids in by_division.items():
        Team.objects.filter(pk__in=team_ids).update(division_id=division_id)


def grow_the_pool(count):
    cities = cycle(Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order"))
    domains = list(Domain.objects.all())
    have = Expert.objects.count()
    experts = Expert.objects.bulk_create(
        Expert(
            name=f"专家{n:04d}",
            email=f"scale-expert{n}@example.org",
            organisation=f"第{n % 97}研究院",
            city=next(cities),
            status=ExpertStatus.ACTIVE,
        )
        for n in range(have, count)
    )
    through = Expert.domains.through
    through.objects.bulk_create(
        through(expert_id=expert.pk, domain_id=domains[n % len(domains)].pk) for n, expert in enumerate(experts)
    )


def pending_proofs(contest):
    """A pending real-name proof for every participant who has none yet (the demo's are 通过)."""
    has_one = IdentityProof.objects.filter(contest=contest).values_list("user_id", flat=True)
    user_ids = (
        TeamMembership.objects.filter(contest=contest).exclude(user_id__in=has_one).values_list("user_id", flat=True)
    )
    IdentityProof.objects.bulk_create(
        IdentityProof(
            contest=contest, user_id=user_id, legal_name="张三", status=ProofStatus.PENDING, submitted_at=timezone.now()
        )
        for user_id in set(user_ids)
    )


def grow(contest):
    started = time.monotonic()
    load_contest(None, {"teams": LARGE_TEAMS, "seed": 2026})
    load_entries(None, {"seed": 2026})
    load_judging(None, {"seed": 2026})
    spread_over_16_divisions(contest)
    grow_the_pool(LARGE_EXPERTS)
    pending_proofs(contest)
    return time.monotonic() - started


def volume(contest):
    return {
        "divisions": Division.objects.filter(contest=contest).count(),
        "participants": TeamMembership.objects.filter(contest=contest).exclude(role=TeamRole.ADVISER).count(),
        "experts": Expert.objects.count(),
        "contacts": OrganisationContact.objects.filter(contest=contest).count(),
    }


@pytest.fixture(scope="module")
def provincial_scale(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker):
        started = time.monotonic()
        load_site(None, {})
        load_contest(None, {"teams": SMALL_TEAMS, "seed": 2026})
        load_entries(None, {"seed": 2026})
        load_judging(None, {"seed": 2026})
        load_divisions(None, {})
        # Round 1 is judged by the divisions (the division_rounds demo loader's heavier set-up is not needed).
        Round.objects.filter(contest__slug=CONTEST_SLUG, number=1).update(divisional=True)
        ensure_domains()  # the showcase's domains, which the pool's experts are tagged with
        load_experts(None, {})
        load_identity(None, {})
        small_load = time.monotonic() - started
        contest = Contest.objects.get(slug=CONTEST_SLUG)
        signed_in = clients()
        small_urls = page_urls(contest, draw(contest, "scale-small"))
        small_volume, small = volume(contest), measure(signed_in, small_urls, warm_up=True)
        large_load = grow(contest)
        large_urls = page_urls(contest, draw(contest, "scale-large"))
        # Warmed up again: growing the data goes through the demo loaders, which may leave the process's
        # per-object caches (content types, permissions) cold for whichever page comes first.
        large_volume, large = volume(contest), measure(signed_in, large_urls, warm_up=True)
    counts = {name: (small[name], large[name]) for name in small_urls}
    print(f"\nprovincial: {small_volume} loaded in {small_load:.1f} s; {large_volume} in {large_load:.1f} s more")
    print(describe(counts))
    return {"small": small_volume, "large": large_volume, "counts": counts}


def test_the_large_volume_is_issue_18s(provincial_scale):
    large = provincial_scale["large"]
    assert large["divisions"] == 16
    assert large["participants"] >= 14000
    assert large["experts"] >= LARGE_EXPERTS


PAGES = [
    "division: dashboard",
    "division: teams",
    "division: entries",
    "division: eligibility review",
    "division: judges",
    "division: real-name review",
    "division: rounds",
    "division: round results",
    "province dashboard",
    "expert pool",
    "expert draw record",
    "real-name review (organiser)",
    "entry form questions",
    "unit contact's teams",
]


def test_every_page_is_measured(provincial_scale):
    assert sorted(provincial_scale["counts"]) == sorted(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_queries_are_the_same_at_3_and_16_divisions(provincial_scale, page):
    (small, _rows), (large, _large_rows) = provincial_scale["counts"][page]
    assert large == small, f"{page}: queries {small} at the demo's size, {large} at provincial scale"


@pytest.mark.parametrize("page", LISTS)
def test_the_list_shows_more_rows_at_the_large_volume(provincial_scale, page):
    # So that a query per row would have shown in the counts.
    (_counts, small_rows), (_large, large_rows) = provincial_scale["counts"][page]
    assert 0 < small_rows < large_rows
