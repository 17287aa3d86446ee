"""The login form's "记住我": a ticked login lasts through the submission window, an unticked one
ends with the browser (contests.services.sessions). The clock is pinned: dates decide."""

import datetime as dt
from importlib import import_module

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from contests.services.sessions import REMEMBER_AT_LEAST, REMEMBER_AT_MOST
from tests.contests.factories import PASSWORD, ContestFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
EMAIL = "leader@example.org"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def contest_open_until(deadline):
    return ContestFactory(
        registration_opens=NOW - dt.timedelta(days=10),
        registration_closes=deadline - dt.timedelta(days=5),
        submission_deadline=deadline,
        judging_starts=deadline + dt.timedelta(days=1),
        judging_ends=deadline + dt.timedelta(days=20),
        results_date=deadline + dt.timedelta(days=30),
    )


def log_in(remember):
    client = Client()
    data = {"username": EMAIL, "password": PASSWORD, **({"remember": "on"} if remember else {})}
    response = client.post(reverse("contests:login"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    return client, response.cookies[settings.SESSION_COOKIE_NAME]


def forget_cached_copy(session_key):
    """With the cached_db engine (Redis in production and under DATABASE_URL/REDIS_URL), Redis drops its
    copy after the expiry by its own clock, which time-machine cannot move: drop it as Redis would."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    if hasattr(store, "cache_key"):
        caches[settings.SESSION_CACHE_ALIAS].delete(store.cache_key)


def signed_in(client):
    """What the person sees: their profile (signed in) or a redirect to the login page."""
    return client.get(reverse("contests:profile")).status_code == 200


def test_the_login_form_offers_remember_me(client):
    page = client.get(reverse("contests:login")).content.decode()
    assert 'type="checkbox" name="remember"' in page
    assert "记住我" in page


def test_a_remembered_login_lasts_until_the_day_after_a_late_deadline(clock):
    UserFactory(email=EMAIL)
    deadline = NOW + dt.timedelta(days=75)
    contest_open_until(deadline)
    client, cookie = log_in(remember=True)
    until = deadline + dt.timedelta(days=1)
    assert cookie["max-age"] == int((until - NOW).total_seconds())

    clock.move_to(deadline - dt.timedelta(minutes=1))  # the last minute of the rush: no login needed
    assert signed_in(client)
    clock.move_to(until + dt.timedelta(minutes=1))
    forget_cached_copy(cookie.value)
    assert not signed_in(client)


def test_a_remembered_login_lasts_at_least_thirty_days(clock):
    UserFactory(email=EMAIL)
    contest_open_until(NOW + dt.timedelta(days=3))  # a deadline soon: the minimum still applies
    client, cookie = log_in(remember=True)
    assert cookie["max-age"] == int(REMEMBER_AT_LEAST.total_seconds())
    clock.move_to(NOW + REMEMBER_AT_LEAST - dt.timedelta(minutes=1))
    assert signed_in(client)


def test_a_remembered_login_never_outlives_the_cap(clock):
    UserFactory(email=EMAIL)
    contest_open_until(NOW + dt.timedelta(days=3 * 365))  # a mistyped year
    _client, cookie = log_in(remember=True)
    assert cookie["max-age"] == int(REMEMBER_AT_MOST.total_seconds())


def test_a_closed_contest_does_not_lengthen_a_remembered_login(clock):
    UserFactory(email=EMAIL)
    ContestFactory(
        registration_opens=NOW + dt.timedelta(days=10),  # not open yet
        registration_closes=NOW + dt.timedelta(days=40),
        submission_deadline=NOW + dt.timedelta(days=90),
        judging_starts=NOW + dt.timedelta(days=91),
        judging_ends=NOW + dt.timedelta(days=100),
        results_date=NOW + dt.timedelta(days=110),
    )
    _client, cookie = log_in(remember=True)
    assert cookie["max-age"] == int(REMEMBER_AT_LEAST.total_seconds())


def test_an_unticked_login_ends_with_the_browser(clock):
    UserFactory(email=EMAIL)
    contest_open_until(NOW + dt.timedelta(days=75))
    client, cookie = log_in(remember=False)
    assert (cookie["max-age"], cookie["expires"]) == ("", "")  # a browser-session cookie
    assert client.session.get_expire_at_browser_close()
    assert signed_in(client)
