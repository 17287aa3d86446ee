"""Settings for pytest: fast hashing, in-memory mail, tasks in-process unless a broker is named."""

import os
import tempfile

from .base import *
from .base import CACHES, REDIS_URL, STORAGES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Text messages go to contests.services.sms.outbox.
SMS_BACKEND = "locmem"
# Uploaded files go to a throw-away folder, never the developer's media.
_TMP = tempfile.mkdtemp(prefix="shuyong-test-")
MEDIA_ROOT = f"{_TMP}/media"
PRIVATE_MEDIA_ROOT = f"{_TMP}/private"
# Local folders even when S3_BUCKET is set: tests/integration/test_s3_storage.py brings its own S3 server.
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILAPI_BASE_URL = SITE_URL
AXES_FAILURE_LIMIT = 5
# Serve static files through the finders, as in development: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
# Unit tests run tasks in-process even when REDIS_URL names a broker (CI's second pass);
# the integration tests switch this off to round-trip through a real worker.
CELERY_TASK_ALWAYS_EAGER = True
# pytest-xdist's workers (`make test` runs the suite on every core) share one Redis database: each keeps
# its cache keys under its own prefix, so one worker's clean-up (tests/conftest.py) never empties another's.
# A Celery worker a test starts inherits PYTEST_XDIST_WORKER, and with it the same prefix.
if REDIS_URL:
    CACHES = {
        "default": {
            **CACHES["default"],
            "KEY_PREFIX": f"{CACHES['default']['KEY_PREFIX']}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
        }
    }
