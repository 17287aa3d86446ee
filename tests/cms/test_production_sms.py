"""Production's SMS backend (branch sms): no provider means "disabled"; the console and test backends
are refused (they would show codes to whoever reads the logs); a provider needs its credentials."""

import pytest

from tests.cms.test_production import _evaluate_in_production, _manage


def test_production_without_a_provider_disables_sms():
    assert _evaluate_in_production("settings.SMS_BACKEND") == "disabled"


@pytest.mark.parametrize("backend", ["console", "locmem", "contests.services.sms.backends.console.SmsBackend"])
def test_production_refuses_the_development_backends(backend):
    result = _manage("check", SMS_BACKEND=backend)
    assert result.returncode == 1
    assert "is for development and tests, not production" in result.stderr


def test_production_provider_needs_its_credentials():
    result = _manage("check", SMS_BACKEND="tencent")
    assert result.returncode == 1
    assert "Environment variable SMS_TENCENT_SECRET_ID is required but not set." in result.stderr
    aliyun = {
        "SMS_BACKEND": "aliyun",
        "SMS_ALIYUN_ACCESS_KEY_ID": "id",
        "SMS_ALIYUN_ACCESS_KEY_SECRET": "secret",
        "SMS_ALIYUN_SIGN_NAME": "数用",
        "SMS_ALIYUN_TEMPLATE_CODE": "SMS_1",
    }
    assert _evaluate_in_production("settings.SMS_BACKEND", **aliyun) == "aliyun"
