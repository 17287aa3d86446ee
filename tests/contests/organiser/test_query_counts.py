"""Lists keep a constant number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests.choices import TeamRole
from contests.models import TeamMembership
from tests.contests.factories import ContestFactory, MembershipFactory, OrganiserFactory, TeamFactory, UserFactory
from tests.contests.factories.entries import EntryFactory

pytestmark = pytest.mark.django_db


def make_teams(contest, count, adviser=None):
    for _number in range(count):
        team = TeamFactory(contest=contest)
        MembershipFactory(team=team)
        EntryFactory(team=team)
        if adviser is not None:
            TeamMembership.objects.create(team=team, user=adviser, role=TeamRole.ADVISER)


def count_queries(client, url, params=None):
    client.get(url, params)  # warm caches (content types, site, permissions) outside the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewset", ["contest_teams", "contest_members", "contest_entries"])
def test_admin_list_query_count_is_constant(client, viewset):
    client.force_login(OrganiserFactory())
    small, large = ContestFactory(), ContestFactory()
    make_teams(small, 5)
    make_teams(large, 50)
    url = reverse(f"{viewset}:index")
    # list_per_page is 50: the large contest fills a whole page.
    assert count_queries(client, url, {"contest": small.pk}) == count_queries(client, url, {"contest": large.pk})


def test_dashboard_query_count_is_constant(client):
    # An adviser may advise several teams: with 5 and 50 teams the dashboard lists all of them.
    few, many = UserFactory(), UserFactory()
    make_teams(ContestFactory(), 5, adviser=few)
    make_teams(ContestFactory(), 50, adviser=many)
    client.force_login(few)
    small = count_queries(client, reverse("contests:dashboard"))
    client.force_login(many)
    large = count_queries(client, reverse("contests:dashboard"))
    assert small == large
