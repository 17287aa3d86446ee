"""Shared helpers of the scale tests: data loaded once per module, and query counts per URL.

Each module builds its world once (``module_transaction``): the demo loaders fill the test
database at a small volume, every URL is requested and its queries counted, the same loaders
grow the data to production-like volumes, and the URLs are counted again. All of it runs in one
outer transaction that is rolled back when the module ends, so nothing leaks into other tests.
"""

import contextlib
import csv
import gc
import io
import random
import secrets
import warnings
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


@contextlib.contextmanager
def module_transaction(django_db_blocker):
    """Database access outside a test, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def clear_cache():
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")  # django-redis: our keys only, never the Celery broker's
    else:
        cache.clear()


def _get(client, url):
    # The first request of a page makes its image renditions; Wagtail leaves each rendition's
    # temporary file for the garbage collector (wagtail/wagtail#14055): collect them here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        response = client.get(url)
        gc.collect()
    return response


def _read(response):
    """The body; a streamed one (list exports) is generated, and its queries made, while read."""
    if not response.streaming:
        return response.content
    if not hasattr(response, "read_body"):
        response.read_body = b"".join(response.streaming_content)
    return response.read_body


def rows_shown(response):
    """How many rows (cards, hits, table rows, CSV lines) the page lists, or None for no list."""
    if response.get("Content-Type", "").startswith("text/csv"):
        return len(list(csv.reader(io.StringIO(_read(response).decode("utf-8-sig"))))) - 1  # less the headings
    context = response.context
    if context is None:
        return None
    for key in ("page_obj", "page"):
        if key in context and hasattr(context[key], "object_list"):
            return len(context[key].object_list)
    if "listing" in context:
        return len(context["listing"].page_obj.object_list)
    for key in ("hits", "assignments"):
        if key in context:
            return len(context[key])
    return None


def query_counts(client, url, *, discount=None, warm_up=True, then_cached=True):
    """((uncached, cached) number of queries, rows shown) of ``url``, after a warm-up request.

    The warm-up makes what is made once per object, not per request (renditions, the process's
    content-type and permission caches). Then the cache is cleared and the page requested twice:
    the first count is the page's real work, the second what is left when the site's caches
    (figures, statistics, catalogues, site root paths) answer; ``then_cached=False`` leaves the
    second out (pages without such caches). ``warm_up=False`` saves the warm-up where the same
    view has just been warmed up (a list's export after its HTML page).
    ``discount(response)``, when given, is subtracted from the counts: queries that depend on what
    the page shows but are bounded by something other than the data's size (one per page type).
    """
    if warm_up:
        response = _get(client, url)
        assert response.status_code == 200, (url, response.status_code)
        _read(response)
    counts = []
    clear_cache()
    for _turn in range(2 if then_cached else 1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            _read(response)
        assert response.status_code == 200, (url, response.status_code)
        # A page answered from the cache did none of the work the discount stands for.
        counts.append(len(queries) - (discount(response) if discount and len(queries) else 0))
    return tuple(counts), rows_shown(response)


def describe(measured):
    """One line per page: queries and rows shown, small → large (printed with -s)."""
    lines = []
    for name, ((small, small_rows), (large, large_rows)) in measured.items():
        rows = f"   rows {small_rows} → {large_rows}" if small_rows is not None else ""
        lines.append(f"  {name:<34} queries {small} → {large}{rows}")
    return "\n".join(lines)


SECOND_ENTRY_STATES = ("draft",) * 2 + ("submitted",) * 2 + ("eligible",) * 5 + ("ineligible",)


def add_second_entries(contest, count, *, seed=2026):
    """Give ``count`` teams of ``contest`` a second entry, in another track, in bulk.

    ``load_demo --teams N`` gives each team one entry (4,000 teams ≈ 14,000 participants, 4,000
    entries); a contest that allows two entries per team reaches the 5,000 entries of issue #4 with
    these. States follow the demo's mix (mostly eligible; drafts, submitted and ineligible ones too);
    every submitted entry has its revision and receipt, reviewed ones a reviewer and reason.
    """
    from django.contrib.auth import get_user_model

    from contests.choices import EntryStatus, IneligibilityReason, TeamRole
    from contests.models import Entry, EntryRevision, TeamMembership

    rng = random.Random(seed)
    contest.max_entries_per_team = 2
    contest.save(update_fields=["max_entries_per_team"])
    tracks = list(contest.tracks.order_by("sort_order", "pk"))
    first_track = dict(Entry.objects.filter(contest=contest).values_list("team_id", "track_id"))
    leaders = dict(
        TeamMembership.objects.filter(contest=contest, role=TeamRole.LEADER, team_id__in=list(first_track))
        .order_by("-team_id")
        .values_list("team_id", "user_id")[:count]
    )
    organiser = get_user_model().objects.get(email="organiser@shuyong.example")
    now = timezone.now()
    entries = []
    for team_id, leader_id in sorted(leaders.items()):
        track = rng.choice([t for t in tracks if t.pk != first_track[team_id]])
        state = rng.choice(SECOND_ENTRY_STATES)
        entry = Entry(
            contest=contest,
            team_id=team_id,
            track=track,
            title=f"{track.name}数据融合应用（第二件作品）",
            abstract=f"围绕{track.name}，融合多个部门的共享数据，为群众和企业提供主动、精准的服务。",
            status=state,
            created_by_id=leader_id,
            updated_by_id=leader_id,
        )
        if state != EntryStatus.DRAFT:
            entry.submitted_at = now - timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 1440))
        if state in (EntryStatus.ELIGIBLE, EntryStatus.INELIGIBLE):
            entry.eligibility_reviewed_by = organiser
            entry.eligibility_reviewed_at = now
        if state == EntryStatus.INELIGIBLE:
            entry.eligibility_reason = rng.choice(IneligibilityReason.values)
            entry.eligibility_note = "材料不完整，请补正后联系组委会。"
        entries.append(entry)
    Entry.objects.bulk_create(entries, batch_size=500)
    EntryRevision.objects.bulk_create(
        [
            EntryRevision(
                entry=entry,
                number=1,
                entry_version=entry.version,
                snapshot={"entry_uuid": str(entry.uuid), "fields": {"title": entry.title}, "files": []},
                submitted_by_id=entry.created_by_id,
                submitted_at=entry.submitted_at,
                receipt_code=f"SY{contest.year}-{secrets.token_hex(5).upper()}",
            )
            for entry in entries
            if entry.submitted_at is not None
        ],
        batch_size=500,
    )
    return len(entries)
