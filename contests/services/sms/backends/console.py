"""Development: the message is written to the console (``make run`` shows the code there)."""

import logging
import sys

from contests.services.sms.backends import BaseSmsBackend

logger = logging.getLogger("contests.sms")


class SmsBackend(BaseSmsBackend):
    instant = True

    def send(self, phone, message, params):
        sys.stdout.write(f"\n[短信 SMS → {phone}] {message}\n\n")
        sys.stdout.flush()
        logger.info("SMS to %s written to the console", phone)
