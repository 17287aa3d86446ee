"""/accounts/phone/: verifying a number (password, then a code to it), changing it (code to the new
number, e-mail to the account), refusing a number verified by another account, and removing it."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from contests.models import AuditEvent, SmsCode
from tests.contests.accounts.sms_helpers import PHONE, last_code, verified_user
from tests.contests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("contests:phone")
OTHER = "13900000002"


def send(client, phone=PHONE, password=PASSWORD):
    return client.post(URL, {"action": "send", "phone": phone, "password": password})


def page_text(response):
    """The page without its per-response CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def confirm(client, code):
    return client.post(URL, {"action": "confirm", "code": code})


def test_verify_a_number(client, clock, outbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    client.force_login(user)
    assert send(client).status_code == 302
    response = confirm(client, last_code(outbox))
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.phone, user.phone_verified_at) == (PHONE, dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC))
    event = AuditEvent.objects.get(action="phone_verified")
    assert event.after == {"phone": "138****0001", "verified": True} and event.actor == user
    assert mail.outbox == []  # a first verification changes no earlier number


def test_the_password_is_required(client, clock, outbox):
    client.force_login(UserFactory())
    response = send(client, password="not-it")
    assert response.status_code == 200 and "密码不正确" in response.content.decode()
    assert outbox == [] and SmsCode.objects.count() == 0


def test_a_number_verified_by_another_account_is_refused_after_the_code(client, clock, outbox):
    owner = verified_user()
    me = UserFactory()
    client.force_login(me)
    response = send(client)
    # Asking for the code answers as for any number: the page must not tell who has an account.
    assert response.status_code == 302 and response.url == URL
    assert [m.phone for m in outbox] == [PHONE]
    response = confirm(client, last_code(outbox))
    assert "该手机号已被其他账号验证" in response.content.decode()
    me.refresh_from_db()
    owner.refresh_from_db()
    assert me.phone_verified_at is None
    assert (owner.phone, owner.phone_verified_at) == (PHONE, dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC))


def test_asking_for_a_code_reads_the_same_for_a_taken_and_a_free_number(client, clock, outbox):
    verified_user()
    client.force_login(UserFactory())
    taken = page_text(client.get(send(client).url))
    client.get(URL + "?restart=1")
    free = page_text(client.get(send(client, OTHER).url))
    assert "验证码已发送至 138****0001" in taken
    assert taken.replace("138****0001", "*") == free.replace("139****0002", "*")


def test_no_takeover_when_another_account_verifies_meanwhile(client, clock, outbox):
    me = UserFactory()
    client.force_login(me)
    send(client)
    code = last_code(outbox)
    verified_user()  # someone else verified the number after my code was sent
    response = confirm(client, code)
    assert "该手机号已被其他账号验证" in response.content.decode()
    me.refresh_from_db()
    assert me.phone_verified_at is None


def test_changing_a_verified_number_needs_a_code_to_the_new_one_and_mails_the_account(
    client, clock, outbox, django_capture_on_commit_callbacks
):
    user = verified_user()
    client.force_login(user)
    send(client, OTHER)
    assert outbox[-1].phone == OTHER
    user.refresh_from_db()
    assert user.phone == PHONE  # nothing changes before the code
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, last_code(outbox, OTHER))
    user.refresh_from_db()
    assert user.phone == OTHER and user.phone_verified_at
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "138****0001" in mail.outbox[0].body and "139****0002" in mail.outbox[0].body


def test_the_same_verified_number_again_is_refused(client, clock, outbox):
    client.force_login(verified_user())
    assert "已经是你的验证手机号" in send(client).content.decode()


def test_a_wrong_code_changes_nothing(client, clock, outbox):
    user = UserFactory()
    client.force_login(user)
    send(client)
    code = last_code(outbox)
    response = confirm(client, f"{(int(code) + 1) % 1_000_000:06d}")
    assert "验证码不正确" in response.content.decode()
    user.refresh_from_db()
    assert user.phone_verified_at is None


def test_removing_the_verification_has_a_confirmation_page(client, clock, django_capture_on_commit_callbacks):
    user = verified_user()
    client.force_login(user)
    page = client.get(URL + "?remove=1").content.decode()
    assert "确认取消验证" in page and "138****0001" in page
    user.refresh_from_db()
    assert user.phone_verified_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, {"action": "remove"}).status_code == 302
    user.refresh_from_db()
    assert user.phone == PHONE and user.phone_verified_at is None
    assert AuditEvent.objects.filter(action="phone_unverified").count() == 1
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_the_profile_form_does_not_change_a_verified_number(client, clock):
    user = verified_user()
    client.force_login(user)
    client.post(
        reverse("contests:profile"), {"real_name": "新名字", "phone": OTHER, "organisation": "", "credit_code": ""}
    )
    user.refresh_from_db()
    assert (user.real_name, user.phone) == ("新名字", PHONE)


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("contests:login") in response.url
