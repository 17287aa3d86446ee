"""The pool list and the draw pages keep a constant number of queries at 50 and 500 experts."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests.models import Expert, ExpertStatus
from contests.services.experts.draw import draw_experts
from tests.contests.factories import OrganiserFactory
from tests.contests.factories.judging import JudgeFactory, assign, submitted_score
from tests.scenes.factories import city

pytestmark = pytest.mark.django_db


def make_pool(count, domain, prefix):
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(email=f"{prefix}{n}@pool.example", real_name=f"{prefix}{n}") for n in range(count)]
    )
    experts = Expert.objects.bulk_create(
        [
            Expert(
                user=user,
                name=f"{prefix}专家{n}",
                email=user.email,
                organisation=f"{prefix}单位{n}",
                city=city("yantai"),
                status=ExpertStatus.ACTIVE,
                load_limit=10,
            )
            for n, user in enumerate(users)
        ]
    )
    Expert.domains.through.objects.bulk_create(
        [Expert.domains.through(expert_id=e.pk, domain_id=domain.pk) for e in experts]
    )
    return experts


def give_history(experts, world):
    """A few experts judged the round before, with scores (so every part of the record is computed)."""
    for n, expert in enumerate(experts[:3]):
        judge = JudgeFactory(contest=world.contest, user=expert.user, expert=expert)
        submitted_score(assign(world.round, world.jinan_entry, judge), [20, 20, 16, 16, 8 - n])


def count_queries(client, url, params=None):
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def two_pools(provincial, domain, other_domain, boss):
    small = make_pool(50, domain, "s")
    large = make_pool(500, other_domain, "l")
    give_history(small, provincial)
    give_history(large, provincial)
    small_draw = draw_experts(provincial.round, count=5, domains=[domain], seed="1", actor=boss)
    large_draw = draw_experts(provincial.round, count=5, domains=[other_domain], seed="1", actor=boss)
    return small_draw, large_draw


def test_pool_list_query_count_is_constant(client, two_pools, domain, other_domain):
    client.force_login(OrganiserFactory())
    url = reverse("expert_pool:index")
    assert count_queries(client, url, {"domain": domain.pk}) == count_queries(client, url, {"domain": other_domain.pk})


def test_draw_record_query_count_is_constant(client, two_pools):
    small_draw, large_draw = two_pools
    assert (len(small_draw.outcome), len(large_draw.outcome)) == (50, 500)
    client.force_login(OrganiserFactory())
    small = count_queries(client, reverse("expert_pool:draw", args=[small_draw.pk]))
    large = count_queries(client, reverse("expert_pool:draw", args=[large_draw.pk]))
    assert small == large
