"""Typed readers for settings that come from the environment.

Each helper raises ``ImproperlyConfigured`` naming the variable when its value is malformed, so a
bad deployment stops at start-up instead of misbehaving later.
"""

import math
import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return default
    return value


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name} must be a boolean (true/false, 1/0, yes/no, on/off), got {raw!r}."
    )


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name} must be an integer, got {raw!r}.") from None


def env_float(name, default, *, minimum=-math.inf, maximum=math.inf):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not minimum <= value <= maximum:  # NaN (unreadable text included) fails every comparison
        raise ImproperlyConfigured(
            f"Environment variable {name} must be a number from {minimum} to {maximum}, got {raw!r}."
        )
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_site_url(name="SITE_URL"):
    """An origin such as ``https://shuyong.example.cn`` (scheme, host, optional port; no path), or None."""
    from urllib.parse import urlsplit

    raw = env_str(name)
    if raw is None:
        return None
    value = raw.strip().rstrip("/")
    try:
        split = urlsplit(value)
        split.port  # noqa: B018 -- raises on a malformed port
    except ValueError:
        split = None
    if split is None or split.scheme not in ("http", "https") or not split.hostname or split.path or split.query:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be the site's address such as https://example.org "
            f"(scheme, host and optional port, no path), got {raw!r}."
        )
    return value


_DB_SCHEMES = ("postgres://", "postgresql://", "pgsql://", "sqlite://")


def env_database(name="DATABASE_URL", default=None):
    """Return a Django DATABASES entry from a URL variable, or ``default`` when unset."""
    raw = env_str(name)
    if raw is None:
        return default
    if not raw.startswith(_DB_SCHEMES) or any(ch.isspace() for ch in raw):
        raise ImproperlyConfigured(f"Environment variable {name} must be a postgres:// or sqlite:// URL, got {raw!r}.")
    try:
        config = dj_database_url.parse(raw, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for malformed URLs
        raise ImproperlyConfigured(f"Environment variable {name} is not a valid database URL: {exc}") from None
    if config.get("ENGINE", "").endswith("postgresql") and not config.get("NAME"):
        raise ImproperlyConfigured(f"Environment variable {name} names no database: {raw!r}.")
    return config


def env_redis_url(name="REDIS_URL"):
    raw = env_str(name)
    if raw is None:
        return None
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"Environment variable {name} must be a redis:// URL, got {raw!r}.")
    return raw
