"""cms.settings.production for the short load run in CI (tests/integration/test_load_short.py):
everything as deployed except that static files are not collected — ``collectstatic`` with the
hashed, compressed storage takes ~40 s on the shared machine, and locust fetches pages, never
static files. The full run (bench/load.py) uses cms.settings.production itself, after collectstatic."""

from cms.settings.production import *  # noqa: F403
from cms.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
