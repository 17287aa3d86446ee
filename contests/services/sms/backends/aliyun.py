"""Alibaba Cloud SMS (阿里云短信服务, Dysmsapi ``SendSms``), signed with the RPC signature (HMAC-SHA1).

Settings (from the environment, see docs/sms.md): ``SMS_ALIYUN_ACCESS_KEY_ID``,
``SMS_ALIYUN_ACCESS_KEY_SECRET``, ``SMS_ALIYUN_SIGN_NAME`` (短信签名), ``SMS_ALIYUN_TEMPLATE_CODE``
(模板 CODE, e.g. SMS_123456789), ``SMS_ALIYUN_TEMPLATE_PARAMS`` (the template's variables in order,
default ``code``), ``SMS_ALIYUN_ENDPOINT``.
"""

import base64
import hashlib
import hmac
import json
import logging
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime

from django.conf import settings

from contests.services.sms import SmsSendError
from contests.services.sms.backends import BaseSmsBackend

logger = logging.getLogger("contests.sms")

API_VERSION = "2017-05-25"


def percent_encode(value):
    """RFC 3986 encoding as the RPC signature requires: only A-Z a-z 0-9 - _ . ~ stay as they are."""
    return urllib.parse.quote(str(value), safe="~")


def string_to_sign(params, method="GET"):
    query = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))
    return f"{method}&{percent_encode('/')}&{percent_encode(query)}"


def sign(params, secret, method="GET"):
    """The ``Signature`` of a request with these parameters (all but ``Signature`` itself)."""
    digest = hmac.new(f"{secret}&".encode(), string_to_sign(params, method).encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def template_params(params, names):
    return {name: str(params.get(name, "")) for name in names}


class SmsBackend(BaseSmsBackend):
    def __init__(self):
        self.access_key_id = settings.SMS_ALIYUN_ACCESS_KEY_ID
        self.access_key_secret = settings.SMS_ALIYUN_ACCESS_KEY_SECRET
        self.sign_name = settings.SMS_ALIYUN_SIGN_NAME
        self.template_code = settings.SMS_ALIYUN_TEMPLATE_CODE
        self.template_params = settings.SMS_ALIYUN_TEMPLATE_PARAMS
        self.endpoint = settings.SMS_ALIYUN_ENDPOINT
        self.timeout = settings.SMS_TIMEOUT

    def build_params(self, phone, params, *, timestamp=None, nonce=None):
        """The signed query parameters of one ``SendSms`` request."""
        timestamp = timestamp or datetime.now(UTC)
        query = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce or uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": self.template_code,
            "TemplateParam": json.dumps(
                template_params(params, self.template_params), ensure_ascii=False, separators=(",", ":")
            ),
            "Timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
        }
        query["Signature"] = sign(query, self.access_key_secret)
        return query

    def build_request(self, phone, params, **kwargs):
        query = self.build_params(phone, params, **kwargs)
        url = self.endpoint.rstrip("/") + "/?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
        return urllib.request.Request(url, method="GET", headers={"Accept": "application/json"})  # noqa: S310

    def send(self, phone, message, params):
        request = self.build_request(phone, params)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - https endpoint
                answer = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as error:
            logger.warning("Aliyun SMS to %s failed: %s", phone, error)
            raise SmsSendError(str(error)) from error
        if answer.get("Code") != "OK":
            logger.warning("Aliyun SMS to %s refused: %s %s", phone, answer.get("Code"), answer.get("Message"))
            raise SmsSendError(f"{answer.get('Code')}: {answer.get('Message')}")
