"""The division workspace: a manager sees their own division only (another city's division, teams,
entries and files are 404s), organisers open every division, a plain account gets 403; eligibility
review with its confirmation step; the export holds the division's rows only; lists keep a
constant number of queries."""

import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from contests.choices import EntryStatus, IneligibilityReason
from contests.models import AuditEvent, JudgeProfile, JudgeStatus
from tests.contests.divisions.conftest import division_team, signed_in, submitted_entry
from tests.contests.factories import UserFactory

pytestmark = pytest.mark.django_db


def division_urls(division, team, entry, file):
    at = {"contest_slug": division.contest.slug, "division_slug": division.slug}
    return [
        reverse("contests:divisions:dashboard", kwargs=at),
        reverse("contests:divisions:teams", kwargs=at),
        reverse("contests:divisions:team", kwargs={**at, "pk": team.pk}),
        reverse("contests:divisions:entries", kwargs=at),
        reverse("contests:divisions:entry", kwargs={**at, "uuid": entry.uuid}),
        reverse("contests:divisions:entry_file", kwargs={**at, "uuid": entry.uuid, "file_id": file.pk}),
        reverse("contests:divisions:eligibility", kwargs=at),
        reverse("contests:divisions:judges", kwargs=at),
        reverse("contests:divisions:judge_invite", kwargs=at),
        reverse("contests:divisions:export", kwargs=at),
    ]


def status(client, url):
    """The status of a GET, a streamed file read to the end (the test client then closes it; closing a
    response by hand ends the request and, on PostgreSQL, the test's connection)."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def test_a_manager_opens_every_page_of_their_division_and_gets_404_on_the_other(world):
    client = signed_in(world.manager)
    for url in division_urls(world.jinan, world.team, world.entry, world.file):
        assert status(client, url) == 200, url
    for url in division_urls(world.qingdao, world.other_team, world.other_entry, world.other_file):
        assert status(client, url) == 404, url


def test_another_divisions_objects_are_404_inside_the_managers_own_division(world):
    """青岛's team, entry and file addressed through 济南's URLs are no more reachable."""
    client = signed_in(world.manager)
    at = {"contest_slug": world.contest.slug, "division_slug": "jinan"}
    urls = [
        reverse("contests:divisions:team", kwargs={**at, "pk": world.other_team.pk}),
        reverse("contests:divisions:entry", kwargs={**at, "uuid": world.other_entry.uuid}),
        reverse(
            "contests:divisions:entry_file",
            kwargs={**at, "uuid": world.other_entry.uuid, "file_id": world.other_file.pk},
        ),
        # 济南's entry with 青岛's file: the file must belong to the entry.
        reverse(
            "contests:divisions:entry_file", kwargs={**at, "uuid": world.entry.uuid, "file_id": world.other_file.pk}
        ),
    ]
    assert [status(client, url) for url in urls] == [404, 404, 404, 404]


def test_organisers_open_every_division_and_plain_users_get_403(world, boss):
    organiser = signed_in(boss)
    for url in division_urls(world.qingdao, world.other_team, world.other_entry, world.other_file):
        assert status(organiser, url) == 200, url
    home = organiser.get(reverse("contests:divisions:home")).content.decode()
    assert "济南分赛区" in home and "青岛分赛区" in home
    plain = signed_in(UserFactory())
    assert plain.get(reverse("contests:divisions:home")).status_code == 403
    assert plain.get(division_urls(world.jinan, world.team, world.entry, world.file)[0]).status_code == 403


def test_home_lists_the_managers_own_divisions_only(world):
    page = signed_in(world.manager).get(reverse("contests:divisions:home")).content.decode()
    assert "济南分赛区" in page and "青岛分赛区" not in page


def test_lists_show_the_divisions_teams_and_entries_only(world):
    client = signed_in(world.manager)
    at = {"contest_slug": world.contest.slug, "division_slug": "jinan"}
    teams = client.get(reverse("contests:divisions:teams", kwargs=at)).content.decode()
    entries = client.get(reverse("contests:divisions:entries", kwargs=at)).content.decode()
    assert "泉城数据队" in teams and "海风数据队" not in teams
    assert "泉水保护监测" in entries and "海岸线巡查" not in entries
    dashboard = client.get(reverse("contests:divisions:dashboard", kwargs=at))
    assert (dashboard.context["figures"].teams, dashboard.context["figures"].entries) == (1, 1)


def test_eligibility_review_confirms_first_then_records_and_notifies(
    world, after_deadline, django_capture_on_commit_callbacks
):
    client = signed_in(world.manager)
    url = reverse(
        "contests:divisions:eligibility", kwargs={"contest_slug": world.contest.slug, "division_slug": "jinan"}
    )
    decision = {"entries": [world.entry.pk], "decision": "ineligible", "reason": IneligibilityReason.INCOMPLETE}
    confirm_page = client.post(url, decision)
    assert confirm_page.status_code == 200
    assert "将把以下 1 件作品标记为“形式审查未通过”" in confirm_page.content.decode()
    world.entry.refresh_from_db()
    assert world.entry.status == EntryStatus.SUBMITTED  # nothing changed before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**decision, "confirming": "1", "confirm": "on"})
    assert response.status_code == 302
    world.entry.refresh_from_db()
    assert (world.entry.status, world.entry.eligibility_reason, world.entry.eligibility_reviewed_by) == (
        EntryStatus.INELIGIBLE,
        IneligibilityReason.INCOMPLETE,
        world.manager,
    )
    assert AuditEvent.objects.filter(action="entry.eligibility", actor=world.manager).count() == 1
    assert len(mail.outbox) == 2  # the team's two players


def test_eligibility_review_ignores_another_divisions_entries_and_a_missing_confirmation(world, after_deadline):
    client = signed_in(world.manager)
    url = reverse(
        "contests:divisions:eligibility", kwargs={"contest_slug": world.contest.slug, "division_slug": "jinan"}
    )
    client.post(url, {"entries": [world.other_entry.pk], "decision": "eligible", "confirming": "1", "confirm": "on"})
    client.post(url, {"entries": [world.entry.pk], "decision": "eligible", "confirming": "1"})
    world.entry.refresh_from_db()
    world.other_entry.refresh_from_db()
    assert (world.entry.status, world.other_entry.status) == (EntryStatus.SUBMITTED, EntryStatus.SUBMITTED)


def test_bulk_eligibility_review(world, after_deadline):
    second = submitted_entry(world.team, world.track, title="趵突泉客流")
    client = signed_in(world.manager)
    url = reverse(
        "contests:divisions:eligibility", kwargs={"contest_slug": world.contest.slug, "division_slug": "jinan"}
    )
    client.post(
        url, {"entries": [world.entry.pk, second.pk], "decision": "eligible", "confirming": "1", "confirm": "on"}
    )
    world.entry.refresh_from_db()
    second.refresh_from_db()
    assert (world.entry.status, second.status) == (EntryStatus.ELIGIBLE, EntryStatus.ELIGIBLE)


def test_inviting_a_judge_creates_a_division_judge_and_sends_the_invitation(world, django_capture_on_commit_callbacks):
    client = signed_in(world.manager)
    url = reverse(
        "contests:divisions:judge_invite", kwargs={"contest_slug": world.contest.slug, "division_slug": "jinan"}
    )
    data = {
        "name": "王评审",
        "email": "wang@judges.example",
        "organisation": "山东大学",
        "city": world.jinan.node_id,
        "title": "教授",
        "expertise": [world.track.pk],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    judge = JudgeProfile.objects.get(email="wang@judges.example")
    assert (judge.contest, judge.division, judge.city, judge.status) == (
        world.contest,
        world.jinan,
        world.jinan.node,
        JudgeStatus.INVITED,
    )
    assert [m.to for m in mail.outbox] == [["wang@judges.example"]]
    again = client.post(url, data)
    assert again.status_code == 200 and JudgeProfile.objects.filter(email="wang@judges.example").count() == 1


def test_export_holds_the_divisions_rows_only(world):
    response = signed_in(world.manager).get(
        reverse("contests:divisions:export", kwargs={"contest_slug": world.contest.slug, "division_slug": "jinan"})
    )
    assert response["Content-Disposition"].startswith('attachment; filename="division-jinan-')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    teams = [row[0] for row in book["团队"].iter_rows(min_row=2, values_only=True)]
    entries = [row[0] for row in book["作品与形式审查"].iter_rows(min_row=2, values_only=True)]
    assert (teams, entries) == (["泉城数据队"], ["泉水保护监测"])


def _count(client, url):
    """Queries of one request after a warm-up; the lower of two counts, so that a one-off write
    (e.g. a session refresh under a slow run) is not taken for growth — growth shows in both."""
    client.get(url)
    counts = []
    for _attempt in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    return min(counts)


@pytest.mark.parametrize("name", ["teams", "entries", "eligibility", "judges", "dashboard"])
def test_list_query_counts_do_not_grow_with_the_division(world, name):
    from tests.contests.factories.judging import JudgeFactory

    client = signed_in(world.manager)
    url = reverse(f"contests:divisions:{name}", kwargs={"contest_slug": world.contest.slug, "division_slug": "jinan"})
    JudgeFactory(contest=world.contest, division=world.jinan, tracks=[world.track])
    small = _count(client, url)
    for number in range(12):
        team = division_team(world.jinan)
        submitted_entry(team, world.track, title=f"作品{number}")
        JudgeFactory(contest=world.contest, division=world.jinan, tracks=[world.track])
    assert _count(client, url) == small
