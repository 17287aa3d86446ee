"""How long a login lasts: "记住我" keeps it through the submission window, otherwise the browser decides.

The deadline rush must not be a login storm: a login costs ~0.3 s of CPU (PBKDF2, 1,000,000
iterations), the draft save it precedes a few tens of ms. A leader who ticked "记住我" weeks ago
arrives on the last evening still signed in.

A remembered session lasts ``REMEMBER_AT_LEAST`` (30 days — a month covers a typical submission
phase and is what many sites use), or longer if a contest open for submissions ends later: until
its deadline plus ``AFTER_DEADLINE`` (the receipt is read, and the e-mail about it followed, on the
evening after). Never more than ``REMEMBER_AT_MOST``, whatever a contest's dates say (a mistyped
year must not keep sessions alive for ever). Without "记住我" the cookie ends with the browser
(and the server forgets it after ``SESSION_COOKIE_AGE`` at most, as before).
"""

import datetime as dt

from django.db.models import Max
from django.utils import timezone

REMEMBER_AT_LEAST = dt.timedelta(days=30)
REMEMBER_AT_MOST = dt.timedelta(days=180)
AFTER_DEADLINE = dt.timedelta(days=1)


def remembered_until(now=None):
    """When a session remembered at ``now`` expires (an aware datetime)."""
    from contests.models import Contest

    now = now or timezone.now()
    open_until = Contest.objects.filter(registration_opens__lte=now, submission_deadline__gt=now).aggregate(
        end=Max("submission_deadline")
    )["end"]
    until = now + REMEMBER_AT_LEAST
    if open_until is not None:
        until = max(until, open_until + AFTER_DEADLINE)
    return min(until, now + REMEMBER_AT_MOST)


def keep_session(session, *, remember, now=None):
    """Set the expiry of a session just signed in: until ``remembered_until`` or the browser's close."""
    session.set_expiry(remembered_until(now) if remember else 0)
