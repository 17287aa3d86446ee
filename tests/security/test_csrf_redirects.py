"""CSRF (missing or wrong token → 403, nothing changed) and open redirects through ``next=``.

Already covered elsewhere, not repeated here: login follows a safe next only and signup verification
ignores a foreign next (tests/contests/accounts/test_views.py), the cached catalogue carries each visitor's
own CSRF token (tests/scenes/test_stats_page_cache.py).
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from contests.models import Entry, Score
from tests.contests.factories import PASSWORD, UserFactory
from tests.security.hostile_fixtures import build_hostile_contest

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "//evil.example",
    "https://evil.example",
    "http://evil.example/portal/",
    "/\\evil.example",
    "\\\\evil.example",
    "///evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "/%2F%2Fevil.example",
    "http://testserver@evil.example/",
]


def stays_on_site(response):
    """The redirect target, as a browser reads it, is on this site (a backslash counts as a slash)."""
    location = response.get("Location", "").strip().replace("\\", "/")
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "testserver"
    return location.startswith("/") and not location.startswith("//")


def csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def hostile():
    return build_hostile_contest()


def test_posts_without_or_with_a_wrong_csrf_token_are_refused(hostile):
    entry, assignment, leader = hostile["entry"], hostile["assignment"], hostile["leader"]
    score = Score.objects.get(assignment=assignment)
    criterion = assignment.round.criteria.order_by("sort_order").first()
    posts = [
        (None, reverse("contests:login"), {"username": leader.email, "password": PASSWORD}),
        (leader, reverse("contests:entry_edit", kwargs={"uuid": entry.uuid}), {"title": "改"}),
        (leader, reverse("contests:entry_submit", kwargs={"uuid": entry.uuid}), {}),
        (leader, reverse("contests:entry_withdraw", kwargs={"uuid": entry.uuid}), {}),
        (
            leader,
            reverse("contests:entry_appeal", kwargs={"uuid": entry.uuid, "round_id": hostile["round"].pk}),
            {"reason": "申诉"},
        ),
        (leader, reverse("contests:profile"), {"real_name": "改名"}),
        (leader, reverse("contests:logout"), {}),
        (
            hostile["judge"].user,
            reverse("contests:judging:assignment", kwargs={"code": assignment.code}),
            {"version": score.version, f"criterion_{criterion.pk}": "5", "comment": "改", "action": "submit"},
        ),
        (hostile["judge"].user, reverse("contests:judging:recuse", kwargs={"code": assignment.code}), {"reason": "x"}),
    ]
    before = (Entry.objects.get().version, Entry.objects.get().status, score.version, score.comment)
    tried = 0
    for user, url, data in posts:
        for token in (None, "wrong-token-" + "x" * 20):
            client = csrf_client(user)
            if token:
                client.cookies["csrftoken"] = "a" * 32
                data = {**data, "csrfmiddlewaretoken": token}
            response = client.post(url, data)
            tried += 1
            assert response.status_code == 403, f"{url} token={token!r}: {response.status_code}"
            if user is not None:
                # Still signed in: the logout did not happen either.
                assert client.get(reverse("contests:dashboard")).status_code == 200
    fresh = Score.objects.get(pk=score.pk)
    assert (Entry.objects.get().version, Entry.objects.get().status, fresh.version, fresh.comment) == before
    assert tried == 2 * len(posts)


def test_login_never_redirects_off_site():
    user = UserFactory()
    for target in OFF_SITE:
        client = Client()
        response = client.post(
            reverse("contests:login") + "?next=" + target, {"username": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302, target
        assert stays_on_site(response), f"{target!r} -> {response['Location']!r}"
        response = Client().post(
            reverse("contests:login"), {"username": user.email, "password": PASSWORD, "next": target}
        )
        assert stays_on_site(response), f"{target!r} -> {response['Location']!r}"


def test_profile_and_language_switch_never_redirect_off_site():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    for target in OFF_SITE:
        response = client.post(
            reverse("contests:profile") + "?next=" + target,
            {"real_name": "张三", "phone": "", "organisation": "", "credit_code": ""},
        )
        assert response.status_code == 302, target
        assert stays_on_site(response), f"profile {target!r} -> {response['Location']!r}"
        response = client.post("/i18n/setlang/", {"language": "en", "next": target})
        assert response.status_code == 302, target
        assert stays_on_site(response), f"setlang {target!r} -> {response['Location']!r}"
        response = client.post("/i18n/setlang/", {"language": "en"}, HTTP_REFERER=target)
        assert stays_on_site(response), f"setlang referer {target!r} -> {response['Location']!r}"


def test_signup_verification_never_redirects_off_site(client, django_capture_on_commit_callbacks):
    import re

    from django.core import mail

    for index, target in enumerate(OFF_SITE):
        email = f"new{index}@example.org"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("contests:signup") + "?next=" + target,
                {"email": email, "real_name": "张三", "password1": PASSWORD, "password2": PASSWORD, "next": target},
            )
        link = re.search(r"http://testserver(/accounts/verify/\S+)", mail.outbox[-1].body).group(1)
        response = Client().post(link, {"password": PASSWORD})
        assert response.status_code == 302, target
        assert stays_on_site(response), f"verify {target!r} -> {response['Location']!r}"
