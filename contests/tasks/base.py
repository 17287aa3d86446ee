"""What every contest task shares: the retry policy of e-mail tasks and the re-fetch of a user."""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)

# E-mail tasks: a mail server that is down or failing (refused or dropped connections, timeouts,
# smtplib's errors: all OSError), or a database restarting under the worker, is tried again later,
# with growing, jittered delays, for hours. A refused recipient is about the address, not the server:
# trying again would not help.
EMAIL_RETRY = {
    "autoretry_for": (OSError, OperationalError, InterfaceError),
    "dont_autoretry_for": (smtplib.SMTPRecipientsRefused,),
    "retry_backoff": settings.EMAIL_RETRY_BACKOFF,
    "retry_backoff_max": settings.EMAIL_RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": 12,
}


def get_user(user_id):
    """The account, or None (logged) when it was deleted after the task was enqueued."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        logger.info("User %s no longer exists; e-mail not sent", user_id)
    return user
