"""Tencent Cloud SMS (腾讯云短信, API 3.0 ``SendSms`` version 2021-01-11), signed with TC3-HMAC-SHA256.

Settings (from the environment, see docs/sms.md): ``SMS_TENCENT_SECRET_ID``, ``SMS_TENCENT_SECRET_KEY``,
``SMS_TENCENT_SDK_APP_ID`` (短信应用 SdkAppId), ``SMS_TENCENT_SIGN_NAME`` (签名内容),
``SMS_TENCENT_TEMPLATE_ID`` (正文模板 ID), ``SMS_TENCENT_TEMPLATE_PARAMS`` (the template's variables
in order, default ``code``), ``SMS_TENCENT_REGION``, ``SMS_TENCENT_HOST``.
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.request
from datetime import UTC, datetime

from django.conf import settings

from contests.services.sms import SmsSendError
from contests.services.sms.backends import BaseSmsBackend

logger = logging.getLogger("contests.sms")

SERVICE = "sms"
API_VERSION = "2021-01-11"
ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"


def _hmac(key, message):
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def _sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_request(host, payload):
    """The canonical request of a JSON POST to ``/`` signing the content-type and host headers."""
    return "\n".join(
        ["POST", "/", "", f"content-type:{CONTENT_TYPE}\nhost:{host}\n", "content-type;host", _sha256(payload)]
    )


def authorization(*, secret_id, secret_key, service, host, payload, timestamp):
    """The ``Authorization`` header of the request (TC3-HMAC-SHA256)."""
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    to_sign = "\n".join([ALGORITHM, str(timestamp), scope, _sha256(canonical_request(host, payload))])
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    signature = hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{ALGORITHM} Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"


class SmsBackend(BaseSmsBackend):
    def __init__(self):
        self.secret_id = settings.SMS_TENCENT_SECRET_ID
        self.secret_key = settings.SMS_TENCENT_SECRET_KEY
        self.sdk_app_id = settings.SMS_TENCENT_SDK_APP_ID
        self.sign_name = settings.SMS_TENCENT_SIGN_NAME
        self.template_id = settings.SMS_TENCENT_TEMPLATE_ID
        self.template_params = settings.SMS_TENCENT_TEMPLATE_PARAMS
        self.region = settings.SMS_TENCENT_REGION
        self.host = settings.SMS_TENCENT_HOST
        self.timeout = settings.SMS_TIMEOUT

    def payload(self, phone, params):
        return json.dumps(
            {
                "PhoneNumberSet": [f"+86{phone}"],
                "SmsSdkAppId": self.sdk_app_id,
                "SignName": self.sign_name,
                "TemplateId": self.template_id,
                "TemplateParamSet": [str(params.get(name, "")) for name in self.template_params],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def build_request(self, phone, params, *, timestamp=None):
        timestamp = int(timestamp if timestamp is not None else time.time())
        payload = self.payload(phone, params)
        headers = {
            "Authorization": authorization(
                secret_id=self.secret_id,
                secret_key=self.secret_key,
                service=SERVICE,
                host=self.host,
                payload=payload,
                timestamp=timestamp,
            ),
            "Content-Type": CONTENT_TYPE,
            "Host": self.host,
            "X-TC-Action": "SendSms",
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": API_VERSION,
            "X-TC-Region": self.region,
        }
        return urllib.request.Request(
            f"https://{self.host}/", data=payload.encode("utf-8"), method="POST", headers=headers
        )

    def send(self, phone, message, params):
        request = self.build_request(phone, params)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - https endpoint
                answer = json.loads(response.read().decode("utf-8")).get("Response", {})
        except (OSError, ValueError) as error:
            logger.warning("Tencent SMS to %s failed: %s", phone, error)
            raise SmsSendError(str(error)) from error
        if "Error" in answer:
            error = answer["Error"]
            logger.warning("Tencent SMS to %s refused: %s %s", phone, error.get("Code"), error.get("Message"))
            raise SmsSendError(f"{error.get('Code')}: {error.get('Message')}")
        statuses = answer.get("SendStatusSet") or [{}]
        if statuses[0].get("Code") != "Ok":
            logger.warning("Tencent SMS to %s not sent: %s", phone, statuses[0])
            raise SmsSendError(f"{statuses[0].get('Code')}: {statuses[0].get('Message')}")
