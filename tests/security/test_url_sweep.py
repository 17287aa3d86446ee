"""The permission sweep: every URL of our apps × every role, against the one table in
access_table.py. A URL pattern without a row there fails ``test_every_url_pattern_has_a_row``.

Set ``SWEEP_PRINT=1`` to print the grid of actual outcomes (for writing a new row).
"""

import os
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import URLResolver, get_resolver

from contests.models import (
    AdoptionMilestone,
    AdvancementDecision,
    Appeal,
    Assignment,
    Award,
    ConflictFlag,
    DivisionAdvancement,
    Entry,
    EntryFile,
    EntryRevision,
    Expert,
    ExpertDraw,
    IdentityDocument,
    IdentityProof,
    JudgeInvitation,
    MilestoneEvidence,
    OrganisationContact,
    Promotion,
    ResultPublication,
    RoundResult,
    Score,
    SmsCode,
    SurveyResponse,
    Team,
    TeamInvitation,
    TeamMembership,
    TrackingSurvey,
)
from tests.security.access_table import ROWS, SAMPLES
from tests.security.conftest import ROLES

OUR_VIEW_MODULES = ("cms.", "contests.", "scenes.")
# Generic Wagtail views serving our models: the viewsets' namespaces (snippets carry the app label).
OUR_SNIPPET_NAMESPACE = re.compile(r"^wagtailsnippet(s|choosers)_(cms|contests|scenes)_")
LOGIN_PATHS = ("/accounts/login/", "/admin/login/", "/_util/login/")


def walk(resolver, route="", namespaces=()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from walk(pattern, route + str(pattern.pattern), inner)
        else:
            yield namespaces, pattern, route + str(pattern.pattern)


def classify(namespaces, pattern):
    """``(key, ours)``: our patterns need a row each; Wagtail's and Django's own are families."""
    name = ":".join([*namespaces, pattern.name]) if pattern.name else None
    view = pattern.lookup_str
    top = namespaces[0] if namespaces else ""
    ours = view.startswith(OUR_VIEW_MODULES) or bool(
        top and (not top.startswith("wagtail") or OUR_SNIPPET_NAMESPACE.match(top))
    )
    return (name or view), ours


def our_url_keys():
    keys, theirs = set(), set()
    for namespaces, pattern, _route in walk(get_resolver()):
        key, ours = classify(namespaces, pattern)
        (keys if ours else theirs).add(key)
    return keys, theirs


def outcome(response, role):
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        if target.startswith(LOGIN_PATHS):
            return "login" if role == "anonymous" else "deny"
        # Wagtail's permission_denied(): from an admin page back to the admin home with a message.
        # (Elsewhere, e.g. /accounts/, a redirect to /admin/ is an editor's way in.)
        path = response.wsgi_request.path
        return "deny" if target == "/admin/" and path != "/admin/" and path.startswith("/admin/") else "ok"
    if 200 <= status < 300:
        return "ok"
    return {403: "deny", 404: "404", 405: "405", 400: "400"}.get(status, f"HTTP {status}")


def request(world, row, role, method, inspect=None):
    """One request as ``role``, rolled back afterwards (rows never depend on each other's order).
    ``inspect`` runs before the rollback, to look at what the request changed."""
    client = world.clients[role]
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)  # a logout in this request must not stick
    url = row.url(world, role)
    data = row.data(world) if (row.data and method == "post") else {}
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, data)
            if response.streaming:
                # Read to the end: the test client then closes the file (and keeps the connection).
                b"".join(response.streaming_content)
            inspected = inspect() if inspect else None
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return url, response, inspected


def check(world, row, method):
    expected = row.expected(method)
    mismatches, actual = [], {}
    for role in ROLES:
        url, response, _ = request(world, row, role, method)
        got = outcome(response, role)
        actual[role] = got
        if got != expected[role]:
            where = response.get("Location", "")
            mismatches.append(f"  {role:<20} expected {expected[role]:<6} got {got} ({response.status_code} {where})")
    if os.environ.get("SWEEP_PRINT"):
        print(f"GRID {row.key} {method} {url}: {' '.join(actual[r] for r in ROLES)}")
    return mismatches


CASES = [(row, method) for row in ROWS + SAMPLES for method in ("get", "post") if getattr(row, method)]


def test_every_url_pattern_has_a_row():
    keys, _theirs = our_url_keys()
    table = {row.key for row in ROWS}
    missing = sorted(keys - table)
    assert missing == [], "URL patterns without a row in tests/security/access_table.py:\n" + "\n".join(missing)
    stale = sorted(table - keys)
    assert stale == [], "rows of access_table.py whose URL pattern is gone:\n" + "\n".join(stale)


def test_wagtail_own_urls_are_sampled_as_families():
    _keys, theirs = our_url_keys()
    # If Wagtail's own URLs stop being found, the classification above is broken, not the site.
    assert {"wagtailadmin_home", "wagtailcore_login", "wagtaildocs_serve"} <= theirs


@pytest.mark.parametrize(("row", "method"), CASES, ids=[f"{method}-{row.key}" for row, method in CASES])
def test_access(sweep_world, row, method):
    mismatches = check(sweep_world, row, method)
    assert mismatches == [], f"{method.upper()} {row.key}:\n" + "\n".join(mismatches)


# ---------------------------------------------------------------------- refused POSTs change nothing


def state():
    """What a refused POST must leave alone."""
    return {
        "entries": sorted(Entry.objects.values_list("pk", "status", "version")),
        "revisions": EntryRevision.objects.count(),
        "files": EntryFile.objects.count(),
        "memberships": sorted(TeamMembership.objects.values_list("pk", "team_id", "role")),
        "team_invitations": sorted(TeamInvitation.objects.values_list("pk", "status")),
        "assignments": sorted(Assignment.objects.values_list("pk", "state", "declared_no_conflict_at")),
        "conflict_flags": sorted(ConflictFlag.objects.values_list("pk", "resolved_at", "decision")),
        "scores": sorted(Score.objects.values_list("pk", "status", "version")),
        "judge_invitations": JudgeInvitation.objects.count(),
        "appeals": sorted(Appeal.objects.values_list("pk", "status")),
        "awards": sorted(Award.objects.values_list("pk", "revoked_at")),
        "publications": sorted(ResultPublication.objects.values_list("pk", "finalised_at")),
        "advancement": AdvancementDecision.objects.count(),
        "division_advancement": DivisionAdvancement.objects.count(),
        "round_results": sorted(RoundResult.objects.values_list("pk", "computed_at")),
        "promotions": Promotion.objects.count(),
        "tracking_surveys": sorted(TrackingSurvey.objects.values_list("pk", "title", "months_after_award")),
        "survey_responses": SurveyResponse.objects.count(),
        "milestones": sorted(AdoptionMilestone.objects.values_list("pk", "status", "version")),
        "milestone_evidence": MilestoneEvidence.objects.count(),
        **_division_state(),
        "experts": sorted(Expert.objects.values_list("pk", "status", "user_id", "version")),
        "expert_draws": ExpertDraw.objects.count(),
        # Real names and unit vetting (#18, branch identity)
        "identity_proofs": sorted(IdentityProof.objects.values_list("pk", "status", "version")),
        "identity_documents": IdentityDocument.objects.count(),
        "organisation_contacts": sorted(OrganisationContact.objects.values_list("pk", "approved_at")),
        "team_vetting": sorted(Team.objects.values_list("pk", "vetting_status")),
        # branch sms: codes sent, and who has which verified number
        "sms_codes": SmsCode.objects.count(),
        "verified_phones": sorted(
            get_user_model().objects.filter(phone_verified_at__isnull=False).values_list("pk", "phone")
        ),
    }


def _division_state():
    """Branch `divisions`: teams' divisions, moves, division managers and judges."""
    from contests.models import Division, JudgeProfile, TeamDivisionMove

    return {
        "team_divisions": sorted(Team.objects.values_list("pk", "division_id")),
        "division_moves": TeamDivisionMove.objects.count(),
        "division_managers": sorted(Division.managers.through.objects.values_list("division_id", "user_id")),
        "judges": JudgeProfile.objects.count(),
    }


REFUSED = ("404", "deny", "login", "405")
POST_ROWS = [row for row in ROWS if row.post]


@pytest.mark.parametrize("row", POST_ROWS, ids=[row.key for row in POST_ROWS])
def test_refused_post_changes_nothing(sweep_world, row):
    refused = [role for role, expected in row.expected("post").items() if expected in REFUSED]
    before = state()
    changed = [role for role in refused if request(sweep_world, row, role, "post", inspect=state)[2] != before]
    assert changed == [], f"a refused POST to {row.key} changed something"


def test_each_url_has_one_row():
    keys = [row.key for row in ROWS + SAMPLES]
    assert sorted(key for key in set(keys) if keys.count(key) > 1) == []


def test_winner_page_is_public_once_results_are_final(sweep_world):
    results = sweep_world.results
    ResultPublication.objects.filter(pk=results.publication.pk).update(finalised_at=results.publication.published_at)
    winner = results.page.get_url() + f"winners/{results.entry.uuid}/"
    not_a_winner = results.page.get_url() + f"winners/{sweep_world.judging.entry.uuid}/"
    client = sweep_world.clients["anonymous"]
    assert (client.get(winner).status_code, client.get(not_a_winner).status_code) == (200, 404)
