"""The organisers' pages: set up and publish (then frozen), the anomaly report, voiding a cluster
through its confirmation page, announcing after the close."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contests.models import AuditEvent, PublicVote, Vote, VoteStatus
from contests.services import ContestError
from contests.services.votes import anomalies, casting, setup
from tests.contests.factories.teams import OrganiserFactory, RoundFactory, UserFactory
from tests.contests.votes.builders import client_at, verified_voter, vote_world
from tests.contests.votes.test_anomalies import organic_votes, scripted_burst

pytestmark = pytest.mark.django_db


def test_other_staff_are_refused(client, world):
    public_vote, _tracks, _entries = world
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(reverse("votes_admin_report", kwargs={"pk": public_vote.pk}))
    # Wagtail's answer to PermissionDenied: back to the admin home, with nothing of the report.
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_set_up_then_publish_freezes_the_rules(client, signed_in_boss, boss):
    round_ = RoundFactory()
    opens = timezone.localtime(timezone.now() + timedelta(days=2))
    form = {
        "categories": "track", "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (opens + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"), "daily_cap": "3", "weight": "0",
        "rules": "每人每个赛道一票。", "accept_verified_email": "",
    }  # fmt: skip
    response = client.post(reverse("votes_admin_edit", kwargs={"round_id": round_.pk}), form)
    public_vote = PublicVote.objects.get(round=round_)
    assert response.status_code == 302 and public_vote.status == VoteStatus.DRAFT
    unconfirmed = client.post(reverse("votes_admin_publish", kwargs={"pk": public_vote.pk}), {})
    assert unconfirmed.status_code == 400
    page = client.get(reverse("votes_admin_publish", kwargs={"pk": public_vote.pk}))
    assert "从此冻结" in page.content.decode()
    client.post(reverse("votes_admin_publish", kwargs={"pk": public_vote.pk}), {"confirm": "yes"})
    public_vote.refresh_from_db()
    assert public_vote.status == VoteStatus.PUBLISHED
    assert AuditEvent.objects.filter(action="public_vote.published", object_id=str(public_vote.pk)).exists()
    # Frozen: the edit page goes to the report, the service refuses.
    edit = client.post(reverse("votes_admin_edit", kwargs={"round_id": round_.pk}), {**form, "weight": "30"})
    assert edit.status_code == 302
    with pytest.raises(ContestError):
        setup.save_vote(round_, {"weight": 30}, actor=boss)
    public_vote.refresh_from_db()
    assert public_vote.weight == 0


def test_rules_cannot_be_published_after_voting_opened(boss, world):
    public_vote, _tracks, _entries = vote_world(boss, status=VoteStatus.DRAFT)
    with pytest.raises(ContestError):
        setup.publish_vote(public_vote, actor=boss)
    public_vote.refresh_from_db()
    assert public_vote.status == VoteStatus.DRAFT


def test_report_page_shows_the_burst_and_voiding_it_takes_reason_and_confirmation(client, signed_in_boss, world):
    public_vote, _tracks, entries = world
    scripted_burst(public_vote, entries[2], votes=12)
    report_url = reverse("votes_admin_report", kwargs={"pk": public_vote.pk})
    html = client.get(report_url).content.decode()
    burst = anomalies.anomaly_report(public_vote).bursts[0]
    void_url = reverse("votes_admin_void", kwargs={"pk": public_vote.pk, "kind": "burst", "key": burst.key})
    assert entries[2].title in html and void_url in html
    assert "将作废 12 张有效投票" in client.get(void_url).content.decode()
    no_reason = client.post(void_url, {"confirm": "yes", "reason": ""})
    assert no_reason.status_code == 400 and "请填写作废原因" in no_reason.content.decode()
    assert Vote.objects.filter(voided_at__isnull=False).count() == 0
    done = client.post(void_url, {"confirm": "yes", "reason": "一分钟内集中投票"})
    assert done.status_code == 302
    assert set(Vote.objects.values_list("void_reason", flat=True)) == {"一分钟内集中投票"}
    after = client.get(report_url).content.decode()
    assert "12 票：一分钟内集中投票" in after and void_url not in after


def test_announce_only_after_close_then_public(client, signed_in_boss, boss):
    public_vote, _tracks, entries = vote_world(boss, opens_in=-1, days=3)
    casting.cast_vote(public_vote, entries[0], verified_voter(), client=client_at())
    url = reverse("votes_admin_announce", kwargs={"pk": public_vote.pk})
    early = client.post(url, {"confirm": "yes"})
    assert early.status_code == 400 and "投票尚未结束" in early.content.decode()
    with time_machine.travel(public_vote.closes_at + timedelta(hours=1)):
        client.force_login(boss)
        assert client.post(url, {"confirm": "yes"}).status_code == 302
    public_vote.refresh_from_db()
    assert public_vote.status == VoteStatus.ANNOUNCED
    event = AuditEvent.objects.get(action="public_vote.announced")
    assert event.after[str(entries[0].pk)] == [1, 0]


def _report_queries(client, public_vote):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("votes_admin_report", kwargs={"pk": public_vote.pk}))
    assert response.status_code == 200
    return len(queries)


def test_anomaly_report_query_count_does_not_grow(client, boss):
    client.force_login(OrganiserFactory())
    small, _t, small_entries = vote_world(boss, entries=3, tracks=1)
    large, _t, large_entries = vote_world(boss, entries=12, tracks=3)
    organic_votes(small, small_entries[:1], per_entry=2)
    organic_votes(large, large_entries, per_entry=2)
    scripted_burst(small, small_entries[2], votes=11)
    scripted_burst(large, large_entries[5], votes=11)
    assert _report_queries(client, small) == _report_queries(client, large)
