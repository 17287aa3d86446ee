"""Error reporting to Sentry, on only when ``SENTRY_DSN`` is set (cms.settings.production calls
``init_error_reporting``), and never with personal data.

Sentry's own defaults already leave out the user, cookies and known secret keys when
``send_default_pii`` is false; ``scrub_event`` is the second line: it drops cookies, credentials
headers, the client's address, the user apart from the id, and the bodies of the account, portal and
judging forms, then masks e-mail addresses, phone numbers and identity card numbers in every string
left (messages, exception values, breadcrumbs, URLs).
"""

import re
from urllib.parse import urlsplit

from cms.env import env_float, env_str

# Forms whose bodies are personal: sign-up, login, profile, team members, entries, judges' scores.
PRIVATE_FORM_PATHS = ("accounts", "portal", "judging")
LANGUAGE_PREFIXES = ("en",)
SENSITIVE_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-csrftoken", "x-real-ip", "x-forwarded-for"}
)
CLIENT_ADDRESS_KEYS = ("REMOTE_ADDR", "HTTP_X_REAL_IP", "HTTP_X_FORWARDED_FOR")
# "%40" too: query strings and form bodies arrive URL-encoded.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Mainland mobile numbers (optionally +86, optionally split 3-4-4) and landlines with an area code.
PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")
ID_CARD = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
REMOVED = "[removed]"


def _mask(value):
    if isinstance(value, str):
        value = EMAIL.sub("[email]", value)
        value = ID_CARD.sub("[id]", value)
        return PHONE.sub("[phone]", value)
    if isinstance(value, dict):
        return {key: _mask(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_mask(item) for item in value]
    return value


def _is_private_form(url):
    segments = [segment for segment in urlsplit(url or "").path.split("/") if segment]
    if segments and segments[0] in LANGUAGE_PREFIXES:
        segments = segments[1:]
    return bool(segments) and segments[0] in PRIVATE_FORM_PATHS


def _scrub_request(request):
    request.pop("cookies", None)
    if isinstance(request.get("headers"), dict):
        request["headers"] = {
            name: value for name, value in request["headers"].items() if name.lower() not in SENSITIVE_HEADERS
        }
    if isinstance(request.get("env"), dict):
        for key in CLIENT_ADDRESS_KEYS:
            request["env"].pop(key, None)
    if "data" in request and _is_private_form(request.get("url")):
        request["data"] = REMOVED


def scrub_event(event, hint=None):
    """Sentry's before_send (and before_send_transaction): the event without personal data."""
    if isinstance(event.get("request"), dict):
        _scrub_request(event["request"])
    if isinstance(event.get("user"), dict):
        event["user"] = {key: value for key, value in event["user"].items() if key == "id"}
    return _mask(event)


def init_error_reporting():
    """Start the Sentry SDK when SENTRY_DSN is set; return whether it was started."""
    dsn = env_str("SENTRY_DSN")
    if dsn is None:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0, minimum=0.0, maximum=1.0),
        send_default_pii=False,
        # Frames' local variables hold form data and model instances (names, addresses) that no
        # pattern can recognise; the stack trace itself is kept.
        include_local_variables=False,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
    return True
