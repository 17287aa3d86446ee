"""/accounts/login/sms/: number → code → signed in; the same answer for any number; lockouts; next."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from contests.models import SmsCode
from tests.contests.accounts.sms_helpers import PHONE, last_code, verified_user
from tests.contests.factories import PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("contests:login_sms")


def send(client, phone=PHONE, **extra):
    return client.post(URL, {"action": "send", "phone": phone, **extra})


def sign_in(client, code, **extra):
    return client.post(URL, {"action": "sign_in", "code": code, **extra})


def test_sign_in_with_the_code_sent_to_a_verified_number(client, clock, outbox):
    user = verified_user()
    response = send(client, "+86 138 0000 0001")
    assert response.status_code == 302 and response.url == URL
    page = client.get(URL)
    assert "138****0001" in page.content.decode() and 'name="code"' in page.content.decode()
    response = sign_in(client, last_code(outbox))
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session.get_expire_at_browser_close()


def test_no_account_enumeration_the_answer_is_the_same(clock, outbox):
    from django.test import Client

    verified_user()
    pages = []
    for phone in (PHONE, "13900000002"):
        client = Client()
        response = send(client, phone)
        assert response.status_code == 302
        page = client.get(URL).content.decode().replace(phone[:3] + "****" + phone[-4:], "NUMBER")
        page = page.replace(phone, "NUMBER")
        pages.append(page.replace(client.cookies["csrftoken"].value if "csrftoken" in client.cookies else "", ""))
    assert [m.phone for m in outbox] == [PHONE]
    strip = lambda page: "\n".join(line for line in page.splitlines() if "csrfmiddlewaretoken" not in line)  # noqa: E731
    assert strip(pages[0]) == strip(pages[1])


def test_an_unverified_number_in_a_profile_does_not_sign_in(client, clock, outbox):
    user = verified_user()
    user.phone_verified_at = None
    user.save()
    send(client)
    assert outbox == []
    code = SmsCode.objects.get().code_hash  # nobody knows the code; any guess fails
    assert sign_in(client, "000000").status_code == 200
    assert SESSION_KEY not in client.session and code


def test_wrong_code_is_refused_with_a_message(client, clock, outbox):
    verified_user()
    send(client)
    code = last_code(outbox)
    response = sign_in(client, f"{(int(code) + 1) % 1_000_000:06d}")
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_an_expired_code_does_not_sign_in(client, clock, outbox):
    verified_user()
    send(client)
    clock.shift(dt.timedelta(minutes=5))
    assert sign_in(client, last_code(outbox)).status_code == 200
    assert SESSION_KEY not in client.session


def test_an_inactive_account_cannot_sign_in(client, clock, outbox):
    verified_user(is_active=False)
    send(client)
    assert sign_in(client, last_code(outbox)).status_code == 200
    assert SESSION_KEY not in client.session


def test_rate_limit_message_on_the_page(client, clock, outbox):
    send(client)
    response = send(client)
    assert response.status_code == 200 and "60 秒后再试" in response.content.decode()


def test_next_is_followed_only_on_this_site(client, clock, outbox):
    verified_user()
    send(client)
    response = sign_in(client, last_code(outbox), next="https://evil.example/steal")
    assert response.status_code == 302 and not response.url.startswith("https://evil.example")
    client.logout()
    clock.shift(dt.timedelta(minutes=2))
    send(client)
    response = sign_in(client, last_code(outbox), next="/accounts/profile/")
    assert response.url == "/accounts/profile/"


def test_failures_count_towards_the_account_lockout(client, clock, outbox, settings):
    user = verified_user()
    send(client)
    code = last_code(outbox)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, wrong)
    # The code allows five attempts; the lockout counts the failures against the account's address.
    assert AccessAttempt.objects.get().username == user.email
    response = sign_in(client, wrong)
    assert response.status_code in (403, 429)
    # Locked out: a fresh, right code does not sign in either.
    clock.shift(dt.timedelta(minutes=2))
    send(client)
    response = sign_in(client, last_code(outbox))
    assert response.status_code in (403, 429) and SESSION_KEY not in client.session


def test_an_account_locked_by_password_failures_cannot_sign_in_by_sms(client, clock, outbox, settings):
    user = verified_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("contests:login"), {"username": user.email, "password": "wrong-" + PASSWORD})
    send(client)
    response = sign_in(client, last_code(outbox))
    assert response.status_code in (403, 429) and SESSION_KEY not in client.session


def test_signed_in_people_are_sent_on(client, clock):
    user = verified_user()
    client.force_login(user)
    assert client.get(URL).status_code == 302


def test_disabled_backend_offers_no_form(client, settings):
    settings.SMS_BACKEND = "disabled"
    page = client.get(URL).content.decode()
    assert "尚未开通短信服务" in page and 'name="phone"' not in page
    assert send(client).status_code == 200 and SmsCode.objects.count() == 0


def test_the_login_page_links_to_sms_sign_in(client):
    assert URL in client.get(reverse("contests:login")).content.decode()


def test_a_strangers_wrong_codes_do_not_lock_the_owner_out(clock, outbox, settings):
    """Someone who knows my number and types wrong codes from their own address is stopped; from mine
    I still sign in, by SMS and by password."""
    from django.test import Client

    owner = verified_user()
    stranger, me = Client(REMOTE_ADDR="10.0.0.66"), Client(REMOTE_ADDR="10.0.0.7")
    send(stranger)
    wrong = f"{(int(last_code(outbox)) + 1) % 1_000_000:06d}"
    responses = [sign_in(stranger, wrong).status_code for _ in range(settings.AXES_FAILURE_LIMIT + 2)]
    assert responses[-1] in (403, 429)  # the stranger's address is stopped
    clock.shift(dt.timedelta(minutes=2))
    send(me)
    assert sign_in(me, last_code(outbox)).status_code == 302
    assert me.session[SESSION_KEY] == str(owner.pk)
    me.logout()
    response = me.post(reverse("contests:login"), {"username": owner.email, "password": PASSWORD})
    assert response.status_code == 302 and me.session[SESSION_KEY] == str(owner.pk)


def test_a_stranger_asking_for_codes_to_my_number_leaves_my_password_sign_in_working(client, clock, outbox):
    """The per-number limits only delay codes; they never stop the owner signing in with the password."""
    owner = verified_user()
    for _ in range(12):
        send(client)
        clock.shift(dt.timedelta(minutes=13))
    assert "获取验证码过于频繁" in send(client).content.decode()
    client.get(URL + "?restart=1")
    response = client.post(reverse("contests:login"), {"username": owner.email, "password": PASSWORD})
    assert response.status_code == 302 and client.session[SESSION_KEY] == str(owner.pk)


def test_a_code_works_only_in_the_browser_that_asked_for_it(clock, outbox, settings):
    """The owner asks for a code; a stranger who also asked (to get the code form) types wrong codes,
    then even the owner's right one: none of it touches the owner's code, which still signs them in."""
    from django.test import Client

    owner = verified_user()
    me, stranger = Client(REMOTE_ADDR="10.0.0.7"), Client(REMOTE_ADDR="10.0.0.66")
    send(me)
    code = last_code(outbox)
    clock.shift(dt.timedelta(seconds=61))
    send(stranger)  # a code of its own goes to the owner's phone; the owner's code still stands
    for _ in range(3):
        sign_in(stranger, f"{(int(code) + 1) % 1_000_000:06d}")
    assert SESSION_KEY not in stranger.session
    sign_in(stranger, code)
    assert SESSION_KEY not in stranger.session
    mine = SmsCode.objects.get(client="10.0.0.7")
    assert (mine.attempts, mine.used_at) == (0, None)
    sign_in(me, code)
    assert me.session[SESSION_KEY] == str(owner.pk)
