"""The SMS backends: selection by setting, console and locmem, and the two providers' signed
requests — checked against the worked examples in Alibaba Cloud's and Tencent Cloud's documentation."""

import hashlib
import json
import urllib.parse
from datetime import UTC, datetime
from unittest import mock

import pytest

from contests.services import sms
from contests.services.sms import SmsSendError, get_backend, send_sms
from contests.services.sms.backends import aliyun, console, disabled, locmem, tencent


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("console", console.SmsBackend),
        ("locmem", locmem.SmsBackend),
        ("disabled", disabled.SmsBackend),
        ("aliyun", aliyun.SmsBackend),
        ("tencent", tencent.SmsBackend),
        ("contests.services.sms.backends.locmem.SmsBackend", locmem.SmsBackend),
    ],
)
def test_backend_by_short_name_or_dotted_path(settings, name, cls):
    settings.SMS_BACKEND = name
    assert type(get_backend()) is cls


def test_tests_use_the_locmem_outbox(outbox):
    send_sms("13800000001", "你好", {"code": "123456"})
    assert [(m.phone, m.message, m.params) for m in sms.outbox] == [("13800000001", "你好", {"code": "123456"})]


def test_console_prints_the_message(settings, capsys):
    settings.SMS_BACKEND = "console"
    send_sms("13800000001", "验证码 123456")
    assert "13800000001" in capsys.readouterr().out


def test_disabled_refuses(settings):
    settings.SMS_BACKEND = "disabled"
    assert sms.sms_enabled() is False
    with pytest.raises(SmsSendError):
        send_sms("13800000001", "x")


def test_aliyun_signature_matches_the_documented_example():
    # Alibaba Cloud's RPC signature example (DescribeRegions, AccessKey testid / testsecret).
    params = {
        "TimeStamp": "2016-02-23T12:46:24Z",
        "Format": "XML",
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "Version": "2014-05-26",
        "SignatureVersion": "1.0",
    }
    assert aliyun.string_to_sign(params) == (
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
        "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
        "%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
    )
    assert aliyun.sign(params, "testsecret") == "CT9X0VtwR86fNWSnsc6v8YGOjuE="


@pytest.fixture
def aliyun_settings(settings):
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "testid"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "testsecret"
    settings.SMS_ALIYUN_SIGN_NAME = "数用"
    settings.SMS_ALIYUN_TEMPLATE_CODE = "SMS_000001"
    settings.SMS_ALIYUN_TEMPLATE_PARAMS = ["code"]
    return settings


def test_aliyun_send_sms_request(aliyun_settings):
    backend = get_backend()
    request = backend.build_request(
        "13800000001", {"code": "123456", "minutes": "5"}, timestamp=datetime(2026, 5, 1, 1, 0, tzinfo=UTC), nonce="n1"
    )
    url = urllib.parse.urlsplit(request.full_url)
    assert (request.get_method(), url.scheme, url.netloc) == ("GET", "https", "dysmsapi.aliyuncs.com")
    query = dict(urllib.parse.parse_qsl(url.query))
    signature = query.pop("Signature")
    assert query == {
        "AccessKeyId": "testid",
        "Action": "SendSms",
        "Format": "JSON",
        "PhoneNumbers": "13800000001",
        "RegionId": "cn-hangzhou",
        "SignName": "数用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "n1",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_000001",
        "TemplateParam": '{"code":"123456"}',
        "Timestamp": "2026-05-01T01:00:00Z",
        "Version": "2017-05-25",
    }
    assert signature == aliyun.sign(query, "testsecret")
    assert "%20" not in url.query or "+" not in url.query


class FakeResponse:
    def __init__(self, body):
        self.body = json.dumps(body).encode()

    def read(self):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


def test_aliyun_refusal_raises(aliyun_settings):
    refused = FakeResponse({"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控"})
    with mock.patch("urllib.request.urlopen", return_value=refused), pytest.raises(SmsSendError):
        send_sms("13800000001", "x", {"code": "123456"})
    with mock.patch("urllib.request.urlopen", return_value=FakeResponse({"Code": "OK"})):
        send_sms("13800000001", "x", {"code": "123456"})
    with mock.patch("urllib.request.urlopen", side_effect=OSError("timed out")), pytest.raises(SmsSendError):
        send_sms("13800000001", "x", {"code": "123456"})


def test_tencent_signature_matches_the_documented_example():
    # Tencent Cloud's TC3-HMAC-SHA256 example (cvm DescribeInstances, timestamp 1551113065).
    payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
    header = tencent.authorization(
        secret_id="AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secret_key="Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        service="cvm",
        host="cvm.tencentcloudapi.com",
        payload=payload,
        timestamp=1551113065,
    )
    assert header == (
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
        "SignedHeaders=content-type;host, "
        "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )


@pytest.fixture
def tencent_settings(settings):
    settings.SMS_BACKEND = "tencent"
    settings.SMS_TENCENT_SECRET_ID = "AKIDEXAMPLE"
    settings.SMS_TENCENT_SECRET_KEY = "secret"
    settings.SMS_TENCENT_SDK_APP_ID = "1400000000"
    settings.SMS_TENCENT_SIGN_NAME = "数用"
    settings.SMS_TENCENT_TEMPLATE_ID = "100001"
    settings.SMS_TENCENT_TEMPLATE_PARAMS = ["code", "minutes"]
    return settings


def test_tencent_send_sms_request(tencent_settings):
    request = get_backend().build_request("13800000001", {"code": "123456", "minutes": "5"}, timestamp=1777597200)
    assert (request.get_method(), request.full_url) == ("POST", "https://sms.tencentcloudapi.com/")
    body = json.loads(request.data)
    assert body == {
        "PhoneNumberSet": ["+8613800000001"],
        "SmsSdkAppId": "1400000000",
        "SignName": "数用",
        "TemplateId": "100001",
        "TemplateParamSet": ["123456", "5"],
    }
    headers = {k.lower(): v for k, v in request.header_items()}
    assert headers["x-tc-action"] == "SendSms" and headers["x-tc-version"] == "2021-01-11"
    assert headers["x-tc-timestamp"] == "1777597200" and headers["x-tc-region"] == "ap-guangzhou"
    assert headers["authorization"] == tencent.authorization(
        secret_id="AKIDEXAMPLE",
        secret_key="secret",
        service="sms",
        host="sms.tencentcloudapi.com",
        payload=request.data.decode(),
        timestamp=1777597200,
    )
    assert "Credential=AKIDEXAMPLE/2026-05-01/sms/tc3_request" in headers["authorization"]
    assert hashlib.sha256(request.data).hexdigest() in tencent.canonical_request(
        "sms.tencentcloudapi.com", request.data.decode()
    )


def test_tencent_refusal_raises(tencent_settings):
    error = FakeResponse({"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "x"}}})
    with mock.patch("urllib.request.urlopen", return_value=error), pytest.raises(SmsSendError):
        send_sms("13800000001", "x", {"code": "123456"})
    not_sent = FakeResponse({"Response": {"SendStatusSet": [{"Code": "LimitExceeded.PhoneNumberDailyLimit"}]}})
    with mock.patch("urllib.request.urlopen", return_value=not_sent), pytest.raises(SmsSendError):
        send_sms("13800000001", "x", {"code": "123456"})
    sent = FakeResponse({"Response": {"SendStatusSet": [{"Code": "Ok"}], "RequestId": "r"}})
    with mock.patch("urllib.request.urlopen", return_value=sent):
        send_sms("13800000001", "x", {"code": "123456"})
