import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.env import env_bool, env_database, env_float, env_int, env_redis_url, env_site_url


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("yes", True), ("off", False), ("0", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG") is expected


def test_env_bool_rejects_a_non_boolean_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG")


def test_env_int_rejects_text(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)


@pytest.mark.parametrize("raw", ["mysql://x/y", "postgres://bad host/db", "postgres://127.0.0.1:5432/", "nonsense"])
def test_env_database_rejects_malformed_urls(monkeypatch, raw):
    monkeypatch.setenv("DATABASE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database()


def test_env_database_reads_a_postgres_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shuyong")
    config = env_database()
    assert (config["ENGINE"], config["NAME"], config["HOST"], config["PORT"]) == (
        "django.db.backends.postgresql",
        "shuyong",
        "127.0.0.1",
        5432,
    )


def test_env_redis_url_rejects_other_schemes(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "http://127.0.0.1:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env_redis_url()


def _start_django(env_overrides):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env_overrides}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_startup_stops_with_a_message_naming_a_malformed_database_url():
    result = _start_django({"DATABASE_URL": "postgres://"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_startup_stops_with_a_message_naming_a_non_boolean_debug():
    result = _start_django({"DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


@pytest.mark.parametrize(("raw", "expected"), [(None, 0.0), ("", 0.0), ("0.25", 0.25), ("1", 1.0)])
def test_env_float_reads_a_number_or_the_default(monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv("SENTRY_TRACES_SAMPLE_RATE", raising=False)
    else:
        monkeypatch.setenv("SENTRY_TRACES_SAMPLE_RATE", raw)
    assert env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0, minimum=0.0, maximum=1.0) == expected


@pytest.mark.parametrize("raw", ["often", "1.5", "-0.1", "nan"])
def test_env_float_rejects_text_and_numbers_out_of_range_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("SENTRY_TRACES_SAMPLE_RATE", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0, minimum=0.0, maximum=1.0)
    assert str(error.value) == (
        f"Environment variable SENTRY_TRACES_SAMPLE_RATE must be a number from 0.0 to 1.0, got {raw!r}."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://shuyong.example.cn", "https://shuyong.example.cn"),
        ("https://shuyong.example.cn/", "https://shuyong.example.cn"),
        ("http://192.168.1.5:8123", "http://192.168.1.5:8123"),
    ],
)
def test_env_site_url_reads_an_origin(monkeypatch, raw, expected):
    monkeypatch.setenv("SITE_URL", raw)
    assert env_site_url() == expected


@pytest.mark.parametrize(
    "raw", ["shuyong.example.cn", "ftp://shuyong.example.cn", "https://shuyong.example.cn/cms", "https://x:port"]
)
def test_env_site_url_rejects_anything_but_an_origin_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("SITE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        env_site_url()
