"""SMS codes (contests.services.sms_codes): numbers, expiry, attempts, reuse, and the rate limits per
number and per client counted from the rows — with the clock pinned."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from contests.models import SmsCode, SmsPurpose
from contests.services.sms_codes import (
    CODE_LIFETIME,
    MAX_ATTEMPTS,
    SmsCodeError,
    check_code,
    normalise_mobile,
    request_code,
)
from tests.contests.accounts.sms_helpers import PHONE, last_code, verified_user

pytestmark = pytest.mark.django_db
VERIFY, SIGN_IN = SmsPurpose.VERIFY, SmsPurpose.SIGN_IN


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("13800000001", PHONE), (" 138 0000 0001 ", PHONE), ("+86 138-0000-0001", PHONE), ("008613800000001", PHONE)],
)
def test_mainland_mobile_numbers_are_normalised(raw, expected):
    assert normalise_mobile(raw) == expected


NOT_MOBILE = ["", "12800000001", "1380000000", "138000000012", "0531-88886666", "１３８００００００01",
              "13800000001'--", "+1 4155550100", "x" * 5000]  # fmt: skip


@pytest.mark.parametrize("raw", NOT_MOBILE)
def test_other_input_is_not_a_mobile_number(raw):
    with pytest.raises(ValidationError):
        normalise_mobile(raw)


def test_a_code_is_six_digits_stored_only_as_a_hash(clock, outbox):
    request_code(PHONE, VERIFY, "10.0.0.1")
    code = last_code(outbox)
    row = SmsCode.objects.get()
    assert len(code) == 6 and code.isdigit()
    assert code not in row.code_hash and row.expires_at == row.created_at + CODE_LIFETIME
    assert (row.phone, row.purpose, row.client) == (PHONE, VERIFY, "10.0.0.1")


def test_a_code_works_once(clock, outbox):
    request_code(PHONE, VERIFY)
    code = last_code(outbox)
    assert check_code(PHONE, VERIFY, code) is True
    assert check_code(PHONE, VERIFY, code) is False


def test_a_code_is_for_its_purpose_and_number_only(clock, outbox):
    request_code(PHONE, VERIFY)
    code = last_code(outbox)
    assert check_code(PHONE, SIGN_IN, code) is False
    assert check_code("13900000002", VERIFY, code) is False
    assert check_code(PHONE, VERIFY, code) is True


def test_a_code_expires_after_five_minutes(clock, outbox):
    request_code(PHONE, VERIFY)
    code = last_code(outbox)
    clock.shift(CODE_LIFETIME)
    assert check_code(PHONE, VERIFY, code) is False


def test_a_code_still_works_just_before_it_expires(clock, outbox):
    request_code(PHONE, VERIFY)
    code = last_code(outbox)
    clock.shift(CODE_LIFETIME - dt.timedelta(seconds=1))
    assert check_code(PHONE, VERIFY, code) is True


def test_after_five_wrong_attempts_even_the_right_code_is_refused(clock, outbox):
    request_code(PHONE, VERIFY)
    code = last_code(outbox)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(MAX_ATTEMPTS):
        assert check_code(PHONE, VERIFY, wrong) is False
    assert check_code(PHONE, VERIFY, code) is False
    assert SmsCode.objects.get().attempts == MAX_ATTEMPTS


def test_malformed_codes_are_refused_without_using_an_attempt(clock, outbox):
    request_code(PHONE, VERIFY)
    for bad in ["", "12345", "1234567", "abcdef", "１２３４５６", None]:
        assert check_code(PHONE, VERIFY, bad) is False
    assert SmsCode.objects.get().attempts == 0


def test_a_new_code_replaces_the_older_one(clock, outbox):
    request_code(PHONE, VERIFY)
    first = last_code(outbox)
    clock.shift(dt.timedelta(seconds=61))
    request_code(PHONE, VERIFY)
    second = last_code(outbox)
    if first != second:
        assert check_code(PHONE, VERIFY, first) is False
    assert check_code(PHONE, VERIFY, second) is True


def test_one_code_per_number_per_minute_with_the_seconds_to_wait(clock, outbox):
    request_code(PHONE, VERIFY)
    clock.shift(dt.timedelta(seconds=20))
    with pytest.raises(SmsCodeError) as refused:
        request_code(PHONE, VERIFY)
    assert refused.value.wait == 40 and "40 秒" in refused.value.message
    assert SmsCode.objects.count() == 1 and len(outbox) == 1
    clock.shift(dt.timedelta(seconds=40))
    request_code(PHONE, VERIFY)
    assert SmsCode.objects.count() == 2


def test_five_codes_per_number_per_hour_and_ten_per_day(clock, outbox):
    for _ in range(5):
        request_code(PHONE, VERIFY)
        clock.shift(dt.timedelta(minutes=2))
    with pytest.raises(SmsCodeError) as refused:
        request_code(PHONE, VERIFY)
    # The first of the five was sent 10 minutes ago: its slot frees 50 minutes from now.
    assert refused.value.wait == 50 * 60 and "50 分钟" in refused.value.message
    clock.shift(dt.timedelta(minutes=50))
    for _ in range(5):
        request_code(PHONE, VERIFY)
        clock.shift(dt.timedelta(minutes=13))
    with pytest.raises(SmsCodeError) as refused:
        request_code(PHONE, VERIFY)
    assert SmsCode.objects.filter(phone=PHONE).count() == 10
    clock.shift(dt.timedelta(seconds=refused.value.wait))
    request_code(PHONE, VERIFY)


def test_the_limit_holds_for_the_number_across_purposes_and_clients(clock, outbox):
    request_code(PHONE, VERIFY, "10.0.0.1")
    with pytest.raises(SmsCodeError):
        request_code(PHONE, SIGN_IN, "10.0.0.2")


def test_twenty_codes_per_client_per_hour(clock, outbox):
    for n in range(20):
        request_code(f"139{n:08d}", VERIFY, "10.0.0.9")
    with pytest.raises(SmsCodeError) as refused:
        request_code("13700000000", VERIFY, "10.0.0.9")
    assert refused.value.wait == 3600
    request_code("13700000000", VERIFY, "10.0.0.10")


def test_an_ipv6_client_is_counted_by_its_64_so_new_addresses_do_not_reset_the_limit(clock, outbox):
    """One line's /64 holds billions of addresses: stepping through them sends no more codes."""
    for n in range(20):
        request_code(f"139{n:08d}", VERIFY, f"2001:db8:1:2::{n + 1:x}")
    with pytest.raises(SmsCodeError):
        request_code("13700000000", VERIFY, "2001:db8:1:2:ffff::1")
    request_code("13700000000", VERIFY, "2001:db8:1:3::1")  # another line


def test_sign_in_codes_go_only_to_verified_numbers_yet_count_the_same(clock, outbox):
    verified_user()
    assert request_code(PHONE, SIGN_IN) == PHONE
    assert request_code("13900000002", SIGN_IN) == "13900000002"
    assert [m.phone for m in outbox] == [PHONE]
    # Both numbers are now limited alike: the wait says nothing about an account.
    clock.shift(dt.timedelta(seconds=30))
    waits = []
    for number in (PHONE, "13900000002"):
        with pytest.raises(SmsCodeError) as refused:
            request_code(number, SIGN_IN)
        waits.append(refused.value.message)
    assert waits[0] == waits[1]


def test_a_failing_provider_is_reported_for_verification_only(clock, outbox, settings):
    settings.SMS_BACKEND = "disabled"
    with pytest.raises(SmsCodeError):
        request_code(PHONE, VERIFY)
    verified_user("13900000002")
    assert request_code("13900000002", SIGN_IN) == "13900000002"


def test_rows_older_than_the_limits_are_deleted_when_a_code_is_sent(clock, outbox):
    request_code(PHONE, VERIFY)
    clock.shift(dt.timedelta(days=3))
    request_code("13900000002", VERIFY)
    assert list(SmsCode.objects.values_list("phone", flat=True)) == ["13900000002"]


class SlowProvider:
    """A provider that answers only when the test lets it: ``sent`` holds what it finally sent."""

    instant = False
    release = None
    sent = []
    fail = False

    def send(self, phone, message, params):
        SlowProvider.release.wait(5)
        if SlowProvider.fail:
            raise RuntimeError("provider down")
        SlowProvider.sent.append((phone, params["code"]))


def _wait_for_sends():
    import threading

    for thread in threading.enumerate():
        if thread.name == "sms-send":
            thread.join(5)


@pytest.fixture
def slow_provider(settings):
    import threading

    settings.SMS_BACKEND = f"{__name__}.SlowProvider"
    SlowProvider.release, SlowProvider.sent, SlowProvider.fail = threading.Event(), [], False
    yield SlowProvider
    SlowProvider.release.set()
    _wait_for_sends()


def test_a_sign_in_code_does_not_wait_for_the_provider(clock, slow_provider):
    """The page must take as long for a number with an account as for one without: the provider's round
    trip happens after the answer."""
    verified_user()
    assert request_code(PHONE, SIGN_IN) == PHONE  # returns while the provider is still busy
    assert slow_provider.sent == []
    slow_provider.release.set()
    _wait_for_sends()
    assert [phone for phone, _code in slow_provider.sent] == [PHONE]
    assert check_code(PHONE, SIGN_IN, slow_provider.sent[0][1])


def test_a_provider_failing_on_a_sign_in_code_is_logged_not_shown(clock, slow_provider, caplog):
    verified_user()
    slow_provider.fail = True
    slow_provider.release.set()
    assert request_code(PHONE, SIGN_IN) == PHONE
    _wait_for_sends()
    assert "SMS to 138****0001 not sent" in caplog.text


def test_a_code_belongs_to_its_requester_whose_attempts_nobody_else_can_use_up(clock, outbox):
    request_code(PHONE, VERIFY, requester="user:1")
    code = last_code(outbox)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(MAX_ATTEMPTS + 1):
        assert check_code(PHONE, VERIFY, wrong, requester="user:2") is False
    assert check_code(PHONE, VERIFY, code, requester="user:2") is False
    assert check_code(PHONE, VERIFY, code) is False
    assert SmsCode.objects.get().attempts == 0
    assert check_code(PHONE, VERIFY, code, requester="user:1") is True


def test_another_requesters_new_code_leaves_the_first_requesters_code_working(clock, outbox):
    request_code(PHONE, VERIFY, requester="user:1")
    first = last_code(outbox)
    clock.shift(dt.timedelta(seconds=61))
    request_code(PHONE, VERIFY, requester="user:2")
    assert check_code(PHONE, VERIFY, first, requester="user:1") is True
