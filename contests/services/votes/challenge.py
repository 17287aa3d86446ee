"""A server-side challenge in place of a CAPTCHA service (there is none offline): a sum written in
Chinese numerals ("七 加 五 等于几？"), answered in digits. Shown only when a vote looks anomalous
(``casting.needs_challenge``). The answer travels signed, bound to the voter and valid ten minutes,
so the server keeps no state and a token cannot be passed to another account."""

import secrets

from django.core import signing
from django.utils.translation import gettext as _

NUMERALS = "零一二三四五六七八九十"
SALT = "contests.public-vote.challenge"
MAX_AGE = 600


def new_challenge(user):
    """(question, token) for ``user``."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a != b:
        a, b = max(a, b), min(a, b)
        question = _("%(a)s 减 %(b)s 等于几？") % {"a": NUMERALS[a], "b": NUMERALS[b]}
        answer = a - b
    else:
        question = _("%(a)s 加 %(b)s 等于几？") % {"a": NUMERALS[a], "b": NUMERALS[b]}
        answer = a + b
    token = signing.dumps({"u": user.pk, "a": answer}, salt=SALT, compress=False)
    return question, token


def check_challenge(user, token, answer):
    """True when ``answer`` (digits, as typed) solves the challenge of ``token`` made for ``user``."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    try:
        given = int(str(answer).strip())
    except (TypeError, ValueError):
        return False
    return data.get("u") == user.pk and data.get("a") == given
