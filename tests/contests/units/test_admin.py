"""Organisers register units, add members by the e-mail of an existing account, and decide
whether a unit reviews its own 赛题's entries."""

import pytest
from django.urls import reverse

from scenes.models import UnitMember
from tests.contests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_organiser_adds_a_member_by_email(client, signed_in_boss, unit):
    person = UserFactory(email="Dept.User@example.org")
    url = reverse("contest_unit_members:add")
    response = client.post(url, {"unit": unit.pk, "email": "nobody@example.org"})
    assert "没有使用该邮箱注册的有效账号" in response.content.decode()
    assert not UnitMember.objects.exists()

    client.post(url, {"unit": unit.pk, "email": "dept.user@example.org"})
    assert list(UnitMember.objects.values_list("unit", "user")) == [(unit.pk, person.pk)]

    again = client.post(url, {"unit": unit.pk, "email": "dept.user@example.org"})
    assert "该用户已是本单位成员" in again.content.decode()
    assert UnitMember.objects.count() == 1


def test_an_organiser_lists_challenges_by_contest_and_lets_a_unit_review(
    client, signed_in_boss, challenge, other_challenge
):
    index = client.get(reverse("contest_challenges:index"), {"unit": challenge.unit_id}).content.decode()
    assert challenge.title in index and other_challenge.title not in index

    client.post(reverse("contest_challenges:edit", args=[challenge.pk]), {"unit_may_review": "on", "sort_order": 1})
    challenge.refresh_from_db()
    assert (challenge.unit_may_review, challenge.sort_order, challenge.title) == (True, 1, "独居老人就医陪护")


def test_a_unit_member_is_not_an_organiser(client, member):
    client.force_login(member)
    response = client.get(reverse("contest_units:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]
