"""Settings of bench/rush_server.py's gunicorn: bench/load_settings.py (cms.settings.production with
plain static storage) plus one bench-only URL, the "floor" (bench/rush_server_urls.py). Never used by
the deployed site: production's ROOT_URLCONF stays cms.urls."""

from bench.load_settings import *  # noqa: F403

ROOT_URLCONF = "bench.rush_server_urls"
