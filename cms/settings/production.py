"""Production: every secret and host from the environment; refuses to start without them.

``manage.py check --deploy`` passes with no warnings (tests/cms/test_production.py runs it).
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from cms.env import env_bool, env_database, env_int, env_list, env_site_url, env_str
from cms.error_reporting import init_error_reporting
from cms.middleware import DEFAULT_CSP

from .base import *
from .base import BASE_DIR, CACHES, REDIS_URL, STORAGES

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Environment variable ALLOWED_HOSTS is required but not set.")
DATABASES = {"default": env_database()}
if DATABASES["default"] is None:
    raise ImproperlyConfigured("Environment variable DATABASE_URL is required but not set.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    # Several gunicorn workers and Celery processes write at once: SQLite is for one machine only.
    raise ImproperlyConfigured("Environment variable DATABASE_URL must point at PostgreSQL in production.")

# Links in e-mails, the API and exports name the configured public site, never a request's Host header
# (cms/links.py). SITE_URL; for older deployments WAGTAILADMIN_BASE_URL; else the first allowed host.
SITE_URL = env_site_url("SITE_URL") or env_site_url("WAGTAILADMIN_BASE_URL") or f"https://{ALLOWED_HOSTS[0]}"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILAPI_BASE_URL = SITE_URL

STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static")))
STORAGES = {
    **STORAGES,
    # Hashed, compressed copies made by collectstatic, served for a year by whitenoise or nginx.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A Redis outage must not take the site down: cache reads miss and writes are skipped (and logged),
# pages come from the database and cached_db sessions from their table; /healthz still reports it
# (tests/integration/test_faults.py).
if REDIS_URL:
    CACHES["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"] = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Anonymous catalogue pages come from the cache (measured in bench/README.md); publish refreshes them.
SHOWCASE_CACHE_LISTINGS = env_bool("SHOWCASE_CACHE_LISTINGS", True)

# HTTPS. Behind a TLS-terminating proxy that redirects itself, set SECURE_SSL_REDIRECT=false.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe /healthz over plain HTTP inside the network; nginx keeps it internal.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's preview views set SAMEORIGIN for themselves; everything else refuses to be framed.
X_FRAME_OPTIONS = "DENY"
# Sent by cms.middleware.SecurityHeadersMiddleware; an environment value replaces it whole.
CONTENT_SECURITY_POLICY = env_str("CONTENT_SECURITY_POLICY", f"{DEFAULT_CSP}; upgrade-insecure-requests")

# Behind nginx every request comes from nginx's address: failed-login lockouts by address would lock
# out everyone at once. nginx sets X-Real-IP (deploy/nginx.conf) and gunicorn is reachable only
# through it. Without a proxy, set CLIENT_IP_HEADER=REMOTE_ADDR (the connecting address).
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "HTTP_X_REAL_IP")


def client_ip(request):
    return request.META.get(CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR")


AXES_CLIENT_IP_CALLABLE = client_ip

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10

# Text messages: a provider (aliyun, tencent, or a dotted path), or none ("disabled": no sign-in by SMS).
# The console and test backends would show codes to whoever reads the logs: refused here.
SMS_BACKEND = env_str("SMS_BACKEND", "disabled")
if SMS_BACKEND in ("console", "locmem") or SMS_BACKEND.startswith(
    ("contests.services.sms.backends.console", "contests.services.sms.backends.locmem")
):
    raise ImproperlyConfigured(f"SMS_BACKEND={SMS_BACKEND} is for development and tests, not production.")
_SMS_REQUIRED = {
    "aliyun": [
        "SMS_ALIYUN_ACCESS_KEY_ID",
        "SMS_ALIYUN_ACCESS_KEY_SECRET",
        "SMS_ALIYUN_SIGN_NAME",
        "SMS_ALIYUN_TEMPLATE_CODE",
    ],
    "tencent": [
        "SMS_TENCENT_SECRET_ID",
        "SMS_TENCENT_SECRET_KEY",
        "SMS_TENCENT_SDK_APP_ID",
        "SMS_TENCENT_SIGN_NAME",
        "SMS_TENCENT_TEMPLATE_ID",
    ],
}
for _name in _SMS_REQUIRED.get(SMS_BACKEND, []):
    env_str(_name, required=True)

# Errors (and, at SENTRY_TRACES_SAMPLE_RATE, performance traces) go to Sentry when SENTRY_DSN is set,
# scrubbed of personal data (cms/error_reporting.py). Also SENTRY_ENVIRONMENT, SENTRY_RELEASE.
SENTRY_ENABLED = init_error_reporting()
