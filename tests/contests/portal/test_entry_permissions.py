"""Every entry and file URL × every kind of visitor: each gets exactly what they should.

Outsiders get 404 — never 403 — so nobody learns that another team's entry exists. Organisers
and advisers may read (403 on writes: they already know the entry exists). The other team's
entry, file and receipt exist throughout, so a leak would have something to leak.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from contests.choices import FileKind, TeamRole
from contests.models import EntryRevision
from contests.services.submission import submit_entry, withdraw_entry
from tests.contests.factories import OrganiserFactory, UserFactory
from tests.contests.factories.entries import add_member, attach, leader_of, ready_entry

pytestmark = pytest.mark.django_db

GET, POST = "get", "post"
# name → (method, what a team member gets)
URLS = {
    "entry_create": (GET, 200),
    "entry_detail": (GET, 200),
    "entry_edit": (GET, 200),
    "entry_receipt": (GET, 200),
    "entry_receipt_pdf": (GET, 200),
    "entry_file_download": (GET, 200),
    # Without ``confirm`` a submission is not made: the review page comes back (200), unchanged.
    "entry_submit": (POST, 200),
    "entry_withdraw": (POST, 302),
    "entry_file_upload": (POST, 302),
    "entry_file_remove": (POST, 302),
}
READS = {"entry_detail", "entry_receipt", "entry_receipt_pdf", "entry_file_download"}

EXPECTED = {
    "leader": {name: status for name, (_method, status) in URLS.items()},
    "member": {name: status for name, (_method, status) in URLS.items()},
    "adviser": {name: 200 if name in READS else 403 for name in URLS},
    "organiser": {**{name: 200 if name in READS else 403 for name in URLS}, "entry_create": 404},
    "other_team_member": dict.fromkeys(URLS, 404),
    "staff_editor": dict.fromkeys(URLS, 404),
    "anonymous": dict.fromkeys(URLS, 302),
}


@pytest.fixture
def world():
    """Team A's entry (with a file and an earlier receipt) and team B's own, equally complete."""
    entry = ready_entry()
    revision, _ = submit_entry(entry, leader_of(entry.team))
    withdraw_entry(entry, leader_of(entry.team))
    entry.refresh_from_db()
    other = ready_entry(team__contest=entry.contest)
    other_revision, _ = submit_entry(other, leader_of(other.team))
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    users = {
        "leader": leader_of(entry.team),
        "member": entry.team.memberships.get(role=TeamRole.MEMBER).user,
        "adviser": add_member(entry.team, role=TeamRole.ADVISER),
        "organiser": OrganiserFactory(),
        "other_team_member": leader_of(other.team),
        "staff_editor": editor,
        "anonymous": None,
    }
    return {"entry": entry, "revision": revision, "other": other, "other_revision": other_revision, "users": users}


def url_for(name, entry, revision):
    file_id = entry.files.get(kind=FileKind.PROPOSAL).pk
    kwargs = {
        "entry_create": {"team_pk": entry.team_id},
        "entry_receipt": {"uuid": entry.uuid, "code": revision.receipt_code},
        "entry_receipt_pdf": {"uuid": entry.uuid, "code": revision.receipt_code},
        "entry_file_download": {"uuid": entry.uuid, "file_id": file_id},
        "entry_file_remove": {"uuid": entry.uuid, "file_id": file_id},
        "entry_file_upload": {"uuid": entry.uuid, "kind": FileKind.ATTACHMENT},
    }.get(name, {"uuid": entry.uuid})
    return reverse(f"contests:{name}", kwargs=kwargs)


def request(user, name, entry, revision):
    client = Client()
    if user is not None:
        client.force_login(user)
    method, _status = URLS[name]
    response = getattr(client, method)(url_for(name, entry, revision))
    if response.streaming:
        b"".join(response.streaming_content)  # consuming it makes the test client close the file
    return response


@pytest.mark.parametrize("actor", list(EXPECTED))
@pytest.mark.parametrize("name", list(URLS))
def test_entry_urls_answer_each_visitor_as_they_should(world, actor, name):
    response = request(world["users"][actor], name, world["entry"], world["revision"])
    assert response.status_code == EXPECTED[actor][name]
    if actor == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("actor", ["other_team_member", "staff_editor", "organiser", "adviser", "anonymous"])
@pytest.mark.parametrize("name", sorted(set(URLS) - READS - {"entry_create"}))
def test_entry_writes_by_others_change_nothing(world, actor, name):
    entry = world["entry"]
    before = (
        entry.status,
        entry.version,
        entry.files.filter(removed_at__isnull=True).count(),
        EntryRevision.objects.count(),
    )
    request(world["users"][actor], name, entry, world["revision"])
    entry.refresh_from_db()
    after = (
        entry.status,
        entry.version,
        entry.files.filter(removed_at__isnull=True).count(),
        EntryRevision.objects.count(),
    )
    assert after == before


def test_other_teams_see_their_own_entry_but_not_ours(world):
    """The 404s above are not an accident of set-up: the outsider's own entry answers normally."""
    client = Client()
    client.force_login(world["users"]["other_team_member"])
    own = client.get(url_for("entry_detail", world["other"], world["other_revision"]))
    dashboard = client.get(reverse("contests:dashboard")).content.decode()
    assert own.status_code == 200
    assert world["other"].title in dashboard
    assert world["entry"].title not in dashboard


def test_download_of_a_removed_file_still_works_for_the_team(world):
    entry = world["entry"]
    proposal = entry.files.get()
    attach(entry)  # a new proposal replaces the first; the earlier receipt still lists it
    client = Client()
    client.force_login(world["users"]["member"])
    url = reverse("contests:entry_file_download", kwargs={"uuid": entry.uuid, "file_id": proposal.pk})
    response = client.get(url)
    b"".join(response.streaming_content)
    assert response.status_code == 200
