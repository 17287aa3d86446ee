"""Shared pieces of the SMS tests: a user with a verified number, the last code sent (fixtures ``outbox``
and ``clock`` are in conftest.py)."""

import re

from django.utils import timezone

from tests.contests.factories import UserFactory

PHONE = "13800000001"


def verified_user(phone=PHONE, **kwargs):
    user = UserFactory(**kwargs)
    user.phone, user.phone_verified_at = phone, timezone.now()
    user.save(update_fields=["phone", "phone_verified_at"])
    return user


def last_code(outbox, phone=PHONE):
    message = [m for m in outbox if m.phone == phone][-1]
    assert re.search(r"\b\d{6}\b", message.message).group() == message.params["code"]
    return message.params["code"]
