"""How a test reacts to a missing service: skip locally, fail in CI (SHUYONG_REQUIRE_SERVICES=1)."""

import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

from cms.env import env_bool

REPO_DIR = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = env_bool("SHUYONG_REQUIRE_SERVICES", False)


def skip_or_fail(reason):
    """Skip for a missing service; with SHUYONG_REQUIRE_SERVICES=1 fail instead."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (SHUYONG_REQUIRE_SERVICES=1: a missing service is a failure)", pytrace=False)
    pytest.skip(reason)


def subprocess_database_env():
    """Environment that points a subprocess (worker, server) at the test database.

    SQLite test databases live in memory and cannot be shared: the subprocess then gets an empty
    throw-away file, so anything touching the database fails loudly instead of using db.sqlite3.
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        netloc = f"{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
        return {"DATABASE_URL": f"postgres://{netloc}/{quote(db['NAME'], safe='')}"}
    return {"DATABASE_URL": "", "SQLITE_PATH": tempfile.mkstemp(prefix="shuyong-subprocess-", suffix=".sqlite3")[1]}


def production_env(**overrides):
    """A clean environment for starting the site with cms.settings.production in a subprocess."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        **overrides,
    }
    return {name: value for name, value in env.items() if value is not None}
