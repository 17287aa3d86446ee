"""Absolute links come from the one site address (cms/links.py): SITE_URL when configured, the
serving host in development without it, and never a request's Host header otherwise."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from cms.links import forget_served_origin
from cms.models import StandardPage
from contests.services.mail.notifications import send_verification_email
from tests.contests.factories.teams import UserFactory

PUBLIC = "https://shuyong.example.cn"
LAN = "192.168.1.5:8123"
DEVELOPMENT = {"DEBUG": True, "SITE_URL": None, "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "192.168.1.5"]}


@pytest.fixture(autouse=True)
def no_remembered_origin():
    forget_served_origin()
    yield
    forget_served_origin()


@pytest.fixture
def about(demo_site):
    return StandardPage.objects.get(slug="about")


def _mailed_links():
    [message] = mail.outbox
    return re.findall(r"https?://\S+", message.body)


def _api_meta(client, page, **headers):
    item = client.get(f"/api/v2/pages/{page.pk}/", headers=headers).json()
    listed = client.get("/api/v2/pages/", {"type": "cms.StandardPage"}, headers=headers).json()["items"]
    return item["meta"]["detail_url"], item["meta"]["html_url"], listed[0]["meta"]["detail_url"]


@pytest.mark.django_db
@override_settings(SITE_URL=PUBLIC)
def test_a_verification_email_links_to_the_configured_site():
    send_verification_email(UserFactory(email="new@example.org", is_active=False))
    [link] = _mailed_links()
    assert link.startswith(f"{PUBLIC}/accounts/verify/")


@pytest.mark.django_db
@override_settings(SITE_URL=PUBLIC, ALLOWED_HOSTS=["shuyong.example.cn", "internal.example.cn"])
def test_api_links_name_the_configured_site_whatever_host_was_asked(client, about):
    # The request came in under another allowed name: links still name SITE_URL.
    assert _api_meta(client, about, host="internal.example.cn") == (
        f"{PUBLIC}/api/v2/pages/{about.pk}/",
        f"{PUBLIC}/about/",
        f"{PUBLIC}/api/v2/pages/{about.pk}/",
    )


@pytest.mark.django_db
@override_settings(SITE_URL=PUBLIC)
def test_the_canonical_link_of_a_page_names_the_configured_site(client, about):
    html = client.get("/about/").content.decode()
    assert f'<link rel="canonical" href="{PUBLIC}/about/">' in html


@pytest.mark.django_db
@override_settings(**DEVELOPMENT)
def test_in_development_api_links_name_the_host_and_port_that_served_the_request(client, about):
    assert _api_meta(client, about, host=LAN) == (
        f"http://{LAN}/api/v2/pages/{about.pk}/",
        f"http://{LAN}/about/",
        f"http://{LAN}/api/v2/pages/{about.pk}/",
    )


@pytest.mark.django_db
@override_settings(**DEVELOPMENT)
def test_in_development_the_api_find_redirect_stays_on_the_serving_host(client, about):
    response = client.get("/api/v2/pages/find/", {"html_path": "/about/"}, headers={"host": LAN})
    assert (response.status_code, response["Location"]) == (302, f"http://{LAN}/api/v2/pages/{about.pk}/")


@pytest.mark.django_db
@override_settings(**DEVELOPMENT)
def test_in_development_an_email_sent_after_a_request_links_to_that_host(client, about):
    client.get("/about/", headers={"host": LAN})
    send_verification_email(UserFactory(email="new@example.org", is_active=False))
    [link] = _mailed_links()
    assert link.startswith(f"http://{LAN}/accounts/verify/")


@pytest.mark.django_db
@override_settings(**DEVELOPMENT)
def test_in_development_a_host_outside_allowed_hosts_is_refused_and_not_remembered(client, about):
    response = client.get("/about/", headers={"host": "evil.example:8000"})
    send_verification_email(UserFactory(email="new@example.org", is_active=False))
    [link] = _mailed_links()
    assert (response.status_code, link.split("/accounts/")[0]) == (400, "http://testserver")


@pytest.mark.django_db
@override_settings(DEBUG=False, SITE_URL=None, WAGTAILADMIN_BASE_URL="https://configured.example.cn")
def test_outside_development_the_host_header_is_never_used(client, about):
    assert _api_meta(client, about)[:2] == (
        f"https://configured.example.cn/api/v2/pages/{about.pk}/",
        "https://configured.example.cn/about/",
    )


def test_no_module_builds_absolute_links_but_cms_links():
    # One way to make a full address: the base-URL settings and Django's request-based helper stay out of the apps.
    forbidden = ("WAGTAILADMIN_BASE_URL", "WAGTAILAPI_BASE_URL", "build_absolute_uri")
    offenders = []
    for app in ("cms", "scenes", "contests"):
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            relative = path.relative_to(settings.BASE_DIR).as_posix()
            if relative.startswith("cms/settings/") or relative == "cms/links.py" or "/migrations/" in relative:
                continue
            text = path.read_text(encoding="utf-8")
            offenders += [f"{relative}: {word}" for word in forbidden if word in text]
    assert offenders == []
