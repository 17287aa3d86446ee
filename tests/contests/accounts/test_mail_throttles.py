"""Actions that send e-mail are rate-limited (settings.THROTTLES, cms/throttle.py).

Per e-mail address the limit is silent for sign-up and password reset: no mail, the same answer, so
the limit never tells whether the address has an account. Per client address, team leader or
organiser it is refused with a Chinese message. The cache starts empty in every test (tests/conftest.py).
"""

import re
from datetime import timedelta
from uuid import uuid4

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contests.models import JudgeStatus
from contests.services import ContestError
from contests.services import teams as team_services
from contests.services.judging.judges import invite_judge
from tests.contests.factories import PASSWORD, ContestFactory, TeamFactory, UserFactory
from tests.contests.factories.judging import JudgeFactory, organiser

pytestmark = pytest.mark.django_db

User = get_user_model()
THROTTLED = "操作过于频繁"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


@pytest.fixture
def now(settings):
    # Pinned, so that "within the hour" never straddles anything. A slot must then expire when the
    # pinned clock moves on: the local-memory cache reads Python's clock, Redis (CI) counts TTLs in its
    # own server, so these tests keep their slots in local memory; the slot logic is the same on both.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid4().hex}}
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def request_reset(on_commit, email, address):
    return on_commit(Client().post, reverse("contests:password_reset"), {"email": email}, REMOTE_ADDR=address)


def sign_up(on_commit, email, address, password=PASSWORD):
    data = {"email": email, "real_name": "张三", "password1": password, "password2": password}
    return on_commit(Client().post, reverse("contests:signup"), data, REMOTE_ADDR=address)


def test_password_reset_mails_one_address_three_times_an_hour_and_answers_the_same(on_commit, now):
    UserFactory(email="member@example.org")
    responses = [request_reset(on_commit, "member@example.org", f"10.0.0.{n}") for n in range(4)]
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, reverse("contests:password_reset_done"))}
    assert len(mail.outbox) == 3
    now.shift(timedelta(minutes=61))
    request_reset(on_commit, "member@example.org", "10.0.0.9")
    assert len(mail.outbox) == 4


def test_password_reset_requests_from_one_client_are_refused_past_twenty_an_hour(on_commit, now):
    UserFactory(email="member@example.org")
    for number in range(19):
        assert request_reset(on_commit, f"nobody{number}@example.org", "10.0.0.1").status_code == 302
    assert request_reset(on_commit, "member@example.org", "10.0.0.1").status_code == 302
    response = request_reset(on_commit, "member@example.org", "10.0.0.1")
    assert response.status_code == 429
    assert THROTTLED in response.text
    assert len(mail.outbox) == 1
    assert request_reset(on_commit, "member@example.org", "10.0.0.2").status_code == 302


def test_signup_mails_one_address_three_times_an_hour_and_a_throttled_signup_changes_nothing(on_commit, now):
    for number in range(3):
        sign_up(on_commit, "new@example.org", f"10.0.0.{number}", password=f"Mima-{number}-2026!")
    response = sign_up(on_commit, "new@example.org", "10.0.0.3", password="Mima-3-2026!")
    assert (response.status_code, response["Location"]) == (302, reverse("contests:signup_done"))
    assert len(mail.outbox) == 3
    # The third sign-up is still the pending one: its link works with its password.
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
    assert Client().post(link, {"password": "Mima-2-2026!"}).status_code == 302


def test_signup_notices_to_an_existing_account_stop_at_three_an_hour(on_commit, now):
    UserFactory(email="taken@example.org")
    responses = [sign_up(on_commit, "taken@example.org", f"10.0.0.{n}") for n in range(5)]
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, reverse("contests:signup_done"))}
    assert [m.subject for m in mail.outbox] == ["【数用】有人尝试用你的邮箱注册"] * 3


def test_signups_from_one_client_are_refused_past_twenty_an_hour(on_commit, now):
    for number in range(20):
        assert sign_up(on_commit, f"new{number}@example.org", "10.0.0.1").status_code == 302
    response = sign_up(on_commit, "late@example.org", "10.0.0.1")
    assert response.status_code == 429
    assert THROTTLED in response.text
    assert User.objects.filter(email="late@example.org").exists() is False
    assert sign_up(on_commit, "late@example.org", "10.0.0.2").status_code == 302


def test_a_team_leader_may_send_twenty_invitations_an_hour(now):
    team = TeamFactory()
    for number in range(20):
        team_services.invite_member(team=team, inviter=team.created_by, email=f"m{number}@example.org")
    with pytest.raises(ContestError) as refusal:
        team_services.invite_member(team=team, inviter=team.created_by, email="late@example.org")
    assert str(refusal.value) == "你一小时内发出的邀请已达上限（20 份），请稍后再试。"
    assert team.invitations.count() == 20


def test_one_address_gets_at_most_three_team_invitations_an_hour(now):
    first, second = TeamFactory(), TeamFactory()
    for team in (first, second):
        invitation = team_services.invite_member(team=team, inviter=team.created_by, email="star@example.org")
        team_services.revoke_invitation(invitation=invitation, by=team.created_by)
    team_services.invite_member(team=first, inviter=first.created_by, email="star@example.org")
    with pytest.raises(ContestError) as refusal:
        team_services.invite_member(team=second, inviter=second.created_by, email="Star@example.org")
    assert str(refusal.value) == "该邮箱一小时内已收到多份邀请，请稍后再试。"
    now.shift(timedelta(minutes=61))
    assert team_services.invite_member(team=second, inviter=second.created_by, email="star@example.org").pk


def test_judge_invitations_to_one_address_stop_at_three_an_hour(on_commit, now):
    judge = JudgeFactory(contest=ContestFactory(), user=None, email="expert@ouc.example", status=JudgeStatus.NEW)
    boss = organiser()
    for _number in range(3):
        on_commit(invite_judge, judge, actor=boss)
    with pytest.raises(ContestError) as refusal:
        on_commit(invite_judge, judge, actor=boss)
    assert str(refusal.value) == "该邮箱一小时内已收到多份邀请，请稍后再试。"
    assert len(mail.outbox) == 3


def test_an_organiser_may_send_a_limited_number_of_judge_invitations_an_hour(settings, now):
    settings.THROTTLES = {**settings.THROTTLES, "judge_inviter": (2, 3600)}  # 60 in production
    contest, boss = ContestFactory(), organiser()
    judges = [JudgeFactory(contest=contest, user=None, status=JudgeStatus.NEW) for _number in range(3)]
    invite_judge(judges[0], actor=boss)
    invite_judge(judges[1], actor=boss)
    with pytest.raises(ContestError) as refusal:
        invite_judge(judges[2], actor=boss)
    assert str(refusal.value) == "你一小时内发出的邀请已达上限（2 份），请稍后再试。"
    # Another organiser is not held up.
    assert invite_judge(judges[2], actor=organiser(email="boss2@example.org")).pk
