"""The workspace's home: per unit, its 赛题 with counts and what waits; constant queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contests.choices import AccessLevel, EntryStatus, FindingCategory
from contests.models import Challenge, DataFinding, OfferedResource
from scenes.models import OpenDataRequest, UnitMember
from tests.contests.factories import UserFactory
from tests.contests.factories.entries import EntryFactory
from tests.contests.units.conftest import data_request, make_unit
from tests.scenes.factories import DataResourceFactory

pytestmark = pytest.mark.django_db


def populate(unit, track, need, user, n):
    """``n`` challenges, each with an agreement offer, a pending request, a submitted entry, a
    finding and an open-data request."""
    now = timezone.now()
    start = Challenge.objects.filter(unit=unit).count()
    for i in range(start, start + n):
        challenge = Challenge.objects.create(
            track=track,
            unit=unit,
            need=need,
            title=f"{unit.name}赛题{i}",
            slug=f"{unit.slug}-{i}",
            description="说明",
            contact_name="王",
            created_by=user,
        )
        resource = DataResourceFactory(owner_unit=unit)
        offer = OfferedResource.objects.create(challenge=challenge, resource=resource, access_level=AccessLevel.SANDBOX)
        data_request(offer, due_at=now + timedelta(days=i + 1))
        entry = EntryFactory(contest=track.contest, track=track, challenge=challenge, status=EntryStatus.SUBMITTED)
        EntryFactory(contest=track.contest, track=track, challenge=challenge)  # a draft: not counted
        DataFinding.objects.create(
            entry=entry,
            resource=resource,
            category=FindingCategory.FORMAT,
            description="格式",
            reported_by=user,
            reported_at=now,
        )
        OpenDataRequest.objects.create(resource=resource, requester=UserFactory(), purpose="研究", due_at=now)


def test_the_dashboard_counts_per_unit(client, member, unit, track, need):
    populate(unit, track, need, member, 2)
    client.force_login(member)
    response = client.get(reverse("contests:units:dashboard"))
    rows = response.context["rows"]
    assert [row["unit"] for row in rows] == [unit]
    row = rows[0]
    assert [(c.entry_count, c.request_count) for c in row["challenges"]] == [(1, 1), (1, 1)]
    assert (row["pending_requests"], row["findings_received"], row["open_requests_pending"]) == (2, 2, 2)
    assert row["oldest_request_due"] < timezone.now() + timedelta(days=1, minutes=1)
    page = response.content.decode()
    assert "待审批的数据申请：2 件" in page


def test_the_dashboard_reads_a_fixed_number_of_queries(
    client, member, unit, track, need, django_assert_max_num_queries
):
    second = make_unit("省民政厅", "min-zheng")
    UnitMember.objects.create(unit=second, user=member)
    populate(unit, track, need, member, 1)
    client.force_login(member)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("contests:units:dashboard"))
    populate(unit, track, need, member, 3)
    populate(second, track, need, member, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("contests:units:dashboard"))


def test_the_lists_and_the_challenge_page_read_a_fixed_number_of_queries(
    client, member, unit, track, need, django_assert_max_num_queries
):
    populate(unit, track, need, member, 1)
    challenge = Challenge.objects.get()
    client.force_login(member)
    urls = [
        reverse("contests:units:findings"),
        reverse("contests:units:open_requests"),
        reverse("contests:units:challenge", kwargs={"pk": challenge.pk}),
    ]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(60) as captured:
            client.get(url)
        counts.append(len(captured.captured_queries))
    populate(unit, track, need, member, 4)
    for _extra in range(3):
        resource = DataResourceFactory(owner_unit=unit)
        OfferedResource.objects.create(challenge=challenge, resource=resource, access_level=AccessLevel.SANDBOX)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_every_workspace_page_leads_to_the_data_requests_and_labels_take_no_ascii_colon(client, member, need, track):
    client.force_login(member)
    requests_link = f'<a href="{reverse("contests:units:data_requests")}">'
    dashboard = client.get(reverse("contests:units:dashboard")).text
    assert dashboard.count(requests_link) >= 2  # the workspace's navigation and the unit's waiting requests
    form = client.get(reverse("contests:units:challenge_new")).text
    assert requests_link in form
    assert "赛题名称:" not in form and "出题单位:" not in form
