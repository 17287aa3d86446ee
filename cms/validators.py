"""Validators for Chinese identifiers used across the site."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 unified social credit code: 18 characters from this alphabet, the last a check digit.
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17):
    total = sum(_CREDIT_ALPHABET.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value):
    code = (value or "").strip().upper()
    if len(code) != 18 or any(ch not in _CREDIT_ALPHABET for ch in code):
        raise ValidationError(_("统一社会信用代码应为 18 位数字或大写字母。"), code="credit_code_format")
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对。"), code="credit_code_checksum")


_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def validate_phone(value):
    if value and not _PHONE.match(value.replace(" ", "")):
        raise ValidationError(_("请输入有效的手机号或座机号码。"), code="phone")


# The Unicode bidirectional controls (the Bidi_Control property): invisible, yet they reorder the
# text around them, so a team name or title could read differently from what it is (on a judge's
# screen, in a certificate, in an export). Names and titles never need them.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")


def reject_bidi_controls(value):
    if value and _BIDI_CONTROL.search(value):
        raise ValidationError(
            _(
                "内容含有不可见的文字方向控制字符，会使文字显示得与实际内容不同。请删除后重新输入（常见于从网页或文档复制的文字）。"
            ),
            code="bidi_control",
        )
