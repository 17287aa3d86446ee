"""Failed-login lockouts: the django-axes handler (``AXES_HANDLER``) and their release on password reset.

Five failures lock one account *for one client address* (``AXES_LOCKOUT_PARAMETERS``), so a stranger's
guesses never lock the owner out from elsewhere. Two slower ceilings, counted over the same axes
records within the cool-off, catch what that misses: ``LOGIN_FAILURES_PER_ACCOUNT`` failures on one
account from any number of addresses (a botnet guessing one account) lock the account everywhere,
and ``LOGIN_FAILURES_PER_CLIENT`` failures from one address over any accounts (one machine trying
many) lock that address out. A completed password reset clears the account's records and signs the
owner in, so the owner can always get back in.

The per-account ceiling spares an address the account has signed in from before (axes' access log,
``KNOWN_ADDRESS_DAYS``): whoever floods an account with failures from many addresses — easy with
IPv6 — must not lock the owner out of their own home or office. Such an address still gets only five
tries per cool-off (the first rule), so the ceiling's protection against guessing is unchanged.
"""

import ipaddress
from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

KNOWN_ADDRESS_DAYS = 90


def _failures(attempts):
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class CeilingAxesHandler(AxesDatabaseHandler):
    """axes' database handler, plus the per-account and per-address ceilings."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures >= limit:
            return failures
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        # Past a ceiling, report the limit: axes then treats it like any other lockout.
        if (
            username
            and _failures(recent.filter(username=username)) >= settings.LOGIN_FAILURES_PER_ACCOUNT
            and not signed_in_from(username, request.axes_ip_address)
        ):
            return limit
        if _failures(recent.filter(ip_address=request.axes_ip_address)) >= settings.LOGIN_FAILURES_PER_CLIENT:
            return limit
        return failures


def _line(address):
    """The address, or for IPv6 its /64: a device's temporary IPv6 addresses change daily within it."""
    try:
        ip = ipaddress.ip_address(str(address or "").strip())
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ipaddress.ip_network(f"{ip}/64", strict=False) if ip.version == 6 else ip


def signed_in_from(username, address):
    """Whether the account ``username`` signed in from ``address`` (for IPv6: its /64) within
    ``KNOWN_ADDRESS_DAYS``."""
    line = _line(address)
    if line is None:
        return False
    since = timezone.now() - timedelta(days=KNOWN_ADDRESS_DAYS)
    logs = AccessLog.objects.filter(username=username, attempt_time__gte=since)
    if not isinstance(line, ipaddress.IPv6Network):
        return logs.filter(ip_address=str(line)).exists()
    # A person signs in from a handful of places: the rows are few (bounded all the same).
    addresses = logs.values_list("ip_address", flat=True).distinct()[:500]
    return any(_line(known) == line for known in addresses)


def clear_lockouts(user):
    """Forget every failed login on the account, from every address (after a password reset)."""
    from contests.services.accounts import normalise_email

    return reset(username=normalise_email(user.email))
