"""What reaches Sentry: nothing without SENTRY_DSN, and never personal data (cms/error_reporting.py).
Production start-up with and without a DSN: tests/cms/test_production.py."""

import pytest
import sentry_sdk

from cms.error_reporting import init_error_reporting, scrub_event


def test_without_sentry_dsn_error_reporting_is_not_started(monkeypatch):
    monkeypatch.delenv("SENTRY_DSN", raising=False)
    assert init_error_reporting() is False
    assert sentry_sdk.get_client().is_active() is False


def test_scrub_event_masks_emails_and_phone_numbers_in_messages_and_exceptions():
    event = {
        "message": "发送失败：zhang.san@example.org，联系电话 138 0013 8000",
        "exception": {
            "values": [{"type": "ValueError", "value": "duplicate e-mail li.si@example.com for 0531-86123456"}]
        },
        "breadcrumbs": {"values": [{"message": "invite wang%40example.net by +86 13900139000", "level": "info"}]},
        "extra": {"reference": "13800138000123", "count": 3},
    }
    assert scrub_event(event, {}) == {
        "message": "发送失败：[email]，联系电话 [phone]",
        "exception": {"values": [{"type": "ValueError", "value": "duplicate e-mail [email] for [phone]"}]},
        "breadcrumbs": {"values": [{"message": "invite [email] by [phone]", "level": "info"}]},
        # A longer run of digits is no phone number.
        "extra": {"reference": "13800138000123", "count": 3},
    }


def test_scrub_event_masks_identity_card_numbers():
    assert scrub_event({"message": "身份证号 37010219900101123X 重复"}, {}) == {"message": "身份证号 [id] 重复"}


def _request(url, **fields):
    return {
        "url": url,
        "method": "POST",
        "query_string": "next=%2Fportal%2F&email=zhao%40example.org",
        "cookies": {"sessionid": "abc", "csrftoken": "def"},
        "headers": {"Authorization": "Bearer secret-token", "Cookie": "sessionid=abc", "User-Agent": "Firefox"},
        "env": {"REMOTE_ADDR": "203.0.113.7", "SERVER_NAME": "shuyong.example.org"},
        **fields,
    }


@pytest.mark.parametrize(
    "url",
    [
        "https://shuyong.example.org/accounts/signup/",
        "https://shuyong.example.org/en/accounts/profile/",
        "https://shuyong.example.org/portal/teams/3/members/",
        "https://shuyong.example.org/judging/assignments/7/",
    ],
)
def test_scrub_event_drops_cookies_credentials_and_private_form_bodies(url):
    event = {
        "request": _request(url, data={"email": "zhao@example.org", "name": "赵六", "phone": "13700137000"}),
        "user": {"id": 42, "email": "zhao@example.org", "username": "zhao", "ip_address": "203.0.113.7"},
    }
    assert scrub_event(event, {}) == {
        "request": {
            "url": url,
            "method": "POST",
            "query_string": "next=%2Fportal%2F&email=[email]",
            "headers": {"User-Agent": "Firefox"},
            "env": {"SERVER_NAME": "shuyong.example.org"},
            "data": "[removed]",
        },
        "user": {"id": 42},
    }


def test_scrub_event_keeps_other_form_bodies_with_their_emails_masked():
    event = {"request": _request("https://shuyong.example.org/search/", data={"q": "养老", "from": "a@b.example"})}
    assert scrub_event(event, {})["request"]["data"] == {"q": "养老", "from": "[email]"}
