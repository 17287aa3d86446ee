"""Issue #4: with 5,000 entries and 14,000 participants loaded, the team portal, the organiser's
lists and the judging pages keep the number of queries they had with 12 demo teams.

The demo loaders (``load_demo``'s own code, called in-process) load the contest with 12 teams, their
entries and the judging demo; every page is counted; ``--teams 4000``'s bulk path grows it to 4,000
teams (≈14,000 participants), each with an entry, 1,000 teams get a second entry
(``add_second_entries``: 5,000 entries), the judging loader assigns the new eligible entries, and
every page is counted again (after one warm-up request per page at the small volume).
"""

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from cms.demo import load_site
from contests.choices import EntryStatus, OrganisationType, TeamRole
from contests.demo.contest import CONTEST_SLUG, ORGANISER, load_contest
from contests.demo.entries import load_entries
from contests.demo.judging import load_judging
from contests.models import Contest, Entry, Round, TeamMembership
from tests.scale.conftest import add_second_entries, describe, module_transaction, query_counts

# The mark makes pytest-django create the test database (it sets up only the databases tests ask for);
# the data itself lives in the module fixture's own transaction.
pytestmark = pytest.mark.django_db

SMALL_TEAMS = 12  # fewer rows than a page holds (50) in every list, participants and scores too
LARGE_TEAMS = 4000
SECOND_ENTRIES = 1000


# Pages that list rows of the data (a query per row would show); the others are dashboards, lists
# of the contest's few tracks or rounds, and public pages with totals.
LISTS = [
    "judge's round list",
    "teams",
    "teams, filtered",
    "participants",
    "participants, filtered",
    "entries",
    "entries, filtered",
    "entries, search",
    "eligibility review",
    "eligibility review, filtered",
    "audit trail",
    "judging results",
    "judging assignments",
    "judging scores",
    "teams, CSV export",
    "participants, CSV export",
    "entries, CSV export",
]


def url(name, *args, **params):
    return reverse(name, args=args) + (f"?{urlencode(params)}" if params else "")


# name: (who, URL builder given the contest, its first track and round 1). Filters use real values.
PAGES = {
    "portal dashboard (team leader)": ("leader", lambda c, t, r: url("contests:dashboard")),
    "judge's round list": ("judge", lambda c, t, r: url("contests:judging:round", r.pk)),
    "teams": ("organiser", lambda c, t, r: url("contest_teams:index", contest=c.pk)),
    "teams, filtered": (
        "organiser",
        lambda c, t, r: url("contest_teams:index", contest=c.pk, organisation_type=OrganisationType.UNIVERSITY),
    ),
    "participants": ("organiser", lambda c, t, r: url("contest_members:index", contest=c.pk)),
    "participants, filtered": (
        "organiser",
        lambda c, t, r: url("contest_members:index", contest=c.pk, role=TeamRole.MEMBER, track=t.pk),
    ),
    "entries": ("organiser", lambda c, t, r: url("contest_entries:index", contest=c.pk)),
    "entries, filtered": (
        "organiser",
        lambda c, t, r: url("contest_entries:index", contest=c.pk, status=EntryStatus.ELIGIBLE, track=t.pk),
    ),
    "entries, search": ("organiser", lambda c, t, r: url("contest_entries:index", q="养老")),
    "eligibility review": ("organiser", lambda c, t, r: url("contest_eligibility", contest=c.pk)),
    "eligibility review, filtered": (
        "organiser",
        lambda c, t, r: url("contest_eligibility", contest=c.pk, status=EntryStatus.SUBMITTED, track=t.pk),
    ),
    "audit trail": ("organiser", lambda c, t, r: url("contest_audit:index", contest=c.pk)),
    "judging round dashboard": ("organiser", lambda c, t, r: url("judging_rounds:round", r.pk)),
    "judging results": ("organiser", lambda c, t, r: url("judging_rounds:results", r.pk)),
    "judging assignments": ("organiser", lambda c, t, r: url("judging_assignments:index", round=r.pk)),
    "judging scores": ("organiser", lambda c, t, r: url("judging_scores:index", round=r.pk)),
    "contest overview": ("organiser", lambda c, t, r: url("outcomes_dashboard:contest", c.pk)),
    "advancement preview": ("organiser", lambda c, t, r: url("outcomes_advancement:round", r.pk)),
    "awards of round 1": ("organiser", lambda c, t, r: url("awards:round", r.pk)),
    "publication of round 1": ("organiser", lambda c, t, r: url("outcomes_publication:round", r.pk)),
    "contests": ("organiser", lambda c, t, r: url("contest_contests:index")),
    "tracks": ("organiser", lambda c, t, r: url("contest_tracks:index", contest=c.pk)),
    "teams, CSV export": ("organiser", lambda c, t, r: url("contest_teams:index", contest=c.pk, export="csv")),
    "participants, CSV export": (
        "organiser",
        lambda c, t, r: url("contest_members:index", contest=c.pk, export="csv"),
    ),
    "entries, CSV export": ("organiser", lambda c, t, r: url("contest_entries:index", contest=c.pk, export="csv")),
    "home page (participants figure)": ("anonymous", lambda c, t, r: "/"),
    "contest page": ("anonymous", lambda c, t, r: f"/contests/{c.slug}/"),
}


def page_urls(contest):
    track = contest.tracks.order_by("sort_order").first()
    round_one = Round.objects.get(contest=contest, number=1)
    return {name: (who, build(contest, track, round_one)) for name, (who, build) in PAGES.items()}


def clients():
    users = get_user_model().objects
    signed_in = {"anonymous": Client()}
    for who, email in (
        ("leader", "team1@shuyong.example"),
        ("judge", "judge1@shuyong.example"),
        ("organiser", ORGANISER[0]),
    ):
        signed_in[who] = Client()
        signed_in[who].force_login(users.get(email=email))
    return signed_in


def measure(signed_in, urls, *, warm_up):
    # Warming up once, at the small volume, fills the process's caches (content types, permissions);
    # an export is warmed up by its list's HTML page.
    return {
        name: query_counts(
            signed_in[who], address, warm_up=warm_up and not name.endswith("CSV export"), then_cached=False
        )
        for name, (who, address) in urls.items()
    }


def grow(contest):
    started = time.monotonic()
    load_contest(None, {"teams": LARGE_TEAMS, "seed": 2026})
    load_entries(None, {"seed": 2026})
    add_second_entries(contest, SECOND_ENTRIES)
    load_judging(None, {"seed": 2026})
    return time.monotonic() - started


def volume(contest):
    return {
        "teams": contest.teams.count(),
        "participants": TeamMembership.objects.filter(contest=contest).exclude(role=TeamRole.ADVISER).count(),
        "entries": Entry.objects.filter(contest=contest).count(),
        "assignments": round_assignments(contest),
    }


def round_assignments(contest):
    return Round.objects.get(contest=contest, number=1).assignments.count()


@pytest.fixture(scope="module")
def contest_scale(django_db_setup, django_db_blocker):
    """Volumes and {page name: ((queries, rows) at 12 teams, the same at 4,000)}."""
    with module_transaction(django_db_blocker):
        started = time.monotonic()
        load_site(None, {})
        load_contest(None, {"teams": SMALL_TEAMS, "seed": 2026})
        load_entries(None, {"seed": 2026})
        load_judging(None, {"seed": 2026})
        small_load = time.monotonic() - started
        contest = Contest.objects.get(slug=CONTEST_SLUG)
        urls = page_urls(contest)
        signed_in = clients()
        small_volume, small = volume(contest), measure(signed_in, urls, warm_up=True)
        large_load = grow(contest)
        large_volume, large = volume(contest), measure(signed_in, urls, warm_up=False)
    counts = {name: (small[name], large[name]) for name in urls}
    print(f"\ncontest: {small_volume} loaded in {small_load:.1f} s; {large_volume} in {large_load:.1f} s more")
    print(describe(counts))
    return {"small": small_volume, "large": large_volume, "counts": counts}


def test_the_large_volume_is_issue_4s(contest_scale):
    large = contest_scale["large"]
    assert large["entries"] >= 5000
    assert large["participants"] >= 14000
    assert large["assignments"] > 50 * contest_scale["small"]["assignments"]


@pytest.mark.parametrize("page", list(PAGES))
def test_queries_are_the_same_at_12_and_4000_teams(contest_scale, page):
    (small, _rows), (large, _large_rows) = contest_scale["counts"][page]
    assert large == small, f"{page}: queries {small} with 12 teams, {large} with 4,000 teams and 5,000 entries"


@pytest.mark.parametrize("page", LISTS)
def test_the_list_shows_more_rows_at_the_large_volume(contest_scale, page):
    # So that a query per row would have shown in the counts.
    (_counts, small_rows), (_large, large_rows) = contest_scale["counts"][page]
    assert 0 < small_rows < large_rows
