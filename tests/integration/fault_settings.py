"""cms.settings.production for tests/integration/test_faults.py, with one change: static files are
served from the finders, so the server starts without a collectstatic run (about a minute of CPU).
The hashed, compressed static files are tested in test_production_server.py."""

from cms.settings.production import *  # noqa: F403
from cms.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
