"""The demo's verified phone: the team leader signs in with 13800000001 and a code; loaded once."""

import pytest
from django.contrib.auth import get_user_model

from contests.demo.contest import load_contest
from contests.demo.phones import DEMO_PHONE, LEADER_EMAIL, load_phones
from contests.services.sms_codes import user_with_verified_phone

pytestmark = pytest.mark.django_db


def test_demo_leader_has_a_verified_phone_and_a_second_run_changes_nothing(demo_site):
    load_contest(None, {"teams": 2, "seed": 7})
    load_phones(None, {})
    leader = user_with_verified_phone(DEMO_PHONE)
    assert leader.email == LEADER_EMAIL
    verified_at = leader.phone_verified_at
    load_phones(None, {})
    assert get_user_model().objects.get(pk=leader.pk).phone_verified_at == verified_at
    assert get_user_model().objects.filter(phone_verified_at__isnull=False).count() == 1


def test_without_the_contest_demo_nothing_happens(db):
    assert load_phones(None, {}) == []
    assert user_with_verified_phone(DEMO_PHONE) is None
