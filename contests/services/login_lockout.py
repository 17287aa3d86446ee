"""Failed-login lockouts: the django-axes handler (``AXES_HANDLER``) and their release on password reset.

Five failures lock one account *for one client address* (``AXES_LOCKOUT_PARAMETERS``), so a stranger's
guesses never lock the owner out from elsewhere. Two slower ceilings, counted over the same axes
records within the cool-off, catch what that misses: ``LOGIN_FAILURES_PER_ACCOUNT`` failures on one
account from any number of addresses (a botnet guessing one account) lock the account everywhere,
and ``LOGIN_FAILURES_PER_CLIENT`` failures from one address over any accounts (one machine trying
many) lock that address out. A completed password reset clears the account's records and signs the
owner in, so the owner can always get back in.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum


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
        if username and _failures(recent.filter(username=username)) >= settings.LOGIN_FAILURES_PER_ACCOUNT:
            return limit
        if _failures(recent.filter(ip_address=request.axes_ip_address)) >= settings.LOGIN_FAILURES_PER_CLIENT:
            return limit
        return failures


def clear_lockouts(user):
    """Forget every failed login on the account, from every address (after a password reset)."""
    from contests.services.accounts import normalise_email

    return reset(username=normalise_email(user.email))
