"""Settings of the benchmark server: the shared base settings with DEBUG off (production settings
insist on PostgreSQL; the benchmark measures the one-machine SQLite set-up), and the listing cache
switched from the environment so that one script measures the catalogue uncached and cached."""

from cms.env import env_bool
from cms.settings.base import *  # noqa: F403

DEBUG = False
SHOWCASE_CACHE_LISTINGS = env_bool("SHOWCASE_CACHE_LISTINGS", False)
