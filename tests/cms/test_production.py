"""cms.settings.production, started in subprocesses exactly as a deployment starts it."""

import json
import subprocess
import sys

import pytest

from tests.services import REPO_DIR, production_env


def _manage(*args, **env_overrides):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env=production_env(**env_overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _evaluate_in_production(expression, **env_overrides):
    """Set Django up with production settings in a subprocess and return ``expression``'s value."""
    code = (
        "import django, json; from django.conf import settings; from django.test import RequestFactory; "
        f"django.setup(); print(json.dumps({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_DIR,
        env=production_env(**env_overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_check_deploy_reports_no_issues_with_production_settings():
    result = _manage("check", "--deploy")
    assert (result.returncode, result.stdout) == (0, "System check identified no issues (0 silenced).\n")
    assert "warning" not in result.stderr.lower()


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_startup_without_a_required_variable_fails_naming_it(variable):
    result = _manage("check", **{variable: None})
    assert result.returncode == 1
    assert f"ImproperlyConfigured: Environment variable {variable} is required but not set." in result.stderr


def test_production_startup_refuses_sqlite():
    result = _manage("check", DATABASE_URL="sqlite:///tmp/shuyong.sqlite3")
    assert result.returncode == 1
    assert "Environment variable DATABASE_URL must point at PostgreSQL in production." in result.stderr


def test_production_with_redis_url_keeps_cache_sessions_and_tasks_in_redis():
    url = "redis://127.0.0.1:6379/3"
    expression = (
        "[settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'], settings.SESSION_ENGINE,"
        " settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER]"
    )
    assert _evaluate_in_production(expression, REDIS_URL=url) == [
        "django_redis.cache.RedisCache",
        url,
        "django.contrib.sessions.backends.cached_db",
        url,
        False,
    ]


def test_production_admin_links_name_the_first_allowed_host():
    expression = "[settings.WAGTAILADMIN_BASE_URL, settings.WAGTAILAPI_BASE_URL]"
    assert _evaluate_in_production(expression, ALLOWED_HOSTS="shuyong.example.org,www.shuyong.example.org") == [
        "https://shuyong.example.org",
        "https://shuyong.example.org",
    ]


def test_production_links_name_site_url_when_it_is_set():
    expression = "[settings.SITE_URL, settings.WAGTAILADMIN_BASE_URL, settings.WAGTAILAPI_BASE_URL]"
    assert (
        _evaluate_in_production(expression, SITE_URL="https://shuyong.example.cn/")
        == ["https://shuyong.example.cn"] * 3
    )


@pytest.mark.parametrize(
    ("header", "expected"), [(None, "203.0.113.7"), ("HTTP_X_REAL_IP", "203.0.113.7"), ("REMOTE_ADDR", "10.0.0.2")]
)
def test_production_login_throttling_sees_the_client_behind_nginx(header, expected):
    # Behind nginx REMOTE_ADDR is nginx itself; throttling by it would lock everyone out at once.
    expression = (
        "settings.AXES_CLIENT_IP_CALLABLE("
        "RequestFactory().get('/', HTTP_X_REAL_IP='203.0.113.7', REMOTE_ADDR='10.0.0.2'))"
    )
    assert _evaluate_in_production(expression, CLIENT_IP_HEADER=header) == expected


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("false", False)])
def test_production_caches_catalogue_pages_unless_switched_off(value, expected):
    overrides = {} if value is None else {"SHOWCASE_CACHE_LISTINGS": value}
    assert _evaluate_in_production("settings.SHOWCASE_CACHE_LISTINGS", **overrides) is expected


SENTRY_CLIENT = "__import__('sentry_sdk').get_client()"
# Nothing listens there: start-up sends nothing, and no event is raised in these subprocesses.
TEST_DSN = "http://public@127.0.0.1:9/1"


def _sentry_options(*names):
    return f"[{SENTRY_CLIENT}.options.get(name) for name in {names!r}]"


def test_production_without_sentry_dsn_does_not_start_error_reporting():
    expression = f"[{SENTRY_CLIENT}.is_active(), settings.SENTRY_ENABLED]"
    assert _evaluate_in_production(expression, SENTRY_DSN=None) == [False, False]


def test_production_with_sentry_dsn_reports_errors_without_personal_data():
    expression = (
        f"[{SENTRY_CLIENT}.is_active(), settings.SENTRY_ENABLED, {SENTRY_CLIENT}.options['before_send'].__name__]"
        f" + {_sentry_options('environment', 'traces_sample_rate', 'send_default_pii', 'include_local_variables')}"
    )
    assert _evaluate_in_production(expression, SENTRY_DSN=TEST_DSN) == [
        True,
        True,
        "scrub_event",
        "production",
        0.0,
        False,
        False,
    ]


def test_production_sentry_environment_release_and_trace_rate_come_from_the_environment():
    overrides = {
        "SENTRY_ENVIRONMENT": "staging",
        "SENTRY_RELEASE": "shuyong@1.4.0",
        "SENTRY_TRACES_SAMPLE_RATE": "0.25",
    }
    expression = _sentry_options("environment", "release", "traces_sample_rate")
    assert _evaluate_in_production(expression, SENTRY_DSN=TEST_DSN, **overrides) == ["staging", "shuyong@1.4.0", 0.25]


def test_production_startup_refuses_a_traces_sample_rate_above_one():
    result = _manage("check", SENTRY_DSN=TEST_DSN, SENTRY_TRACES_SAMPLE_RATE="5")
    assert result.returncode == 1
    assert "Environment variable SENTRY_TRACES_SAMPLE_RATE must be a number from 0.0 to 1.0, got '5'." in result.stderr


def test_check_deploy_reports_no_issues_with_error_reporting_on():
    result = _manage("check", "--deploy", SENTRY_DSN=TEST_DSN)
    assert (result.returncode, result.stdout) == (0, "System check identified no issues (0 silenced).\n")
    assert "warning" not in result.stderr.lower()
