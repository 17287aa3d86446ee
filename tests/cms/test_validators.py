import pytest
from django.core.exceptions import ValidationError

from cms.validators import credit_code_check_char, reject_bidi_controls, validate_credit_code, validate_phone


def test_credit_code_with_correct_check_digit_is_accepted():
    first17 = "91370100MA3C1234X"[:17]
    validate_credit_code(first17 + credit_code_check_char(first17))


@pytest.mark.parametrize("bad", ["123", "91370100MA3C1234I5", "91370100ma3c12345"])
def test_credit_code_format_errors_are_explained_in_chinese(bad):
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(bad)
    assert "统一社会信用代码" in excinfo.value.messages[0]


def test_credit_code_with_wrong_check_digit_is_refused():
    first17 = "91370100MA3C1234X"[:17]
    good = credit_code_check_char(first17)
    wrong = "0" if good != "0" else "1"
    with pytest.raises(ValidationError, match="校验位"):
        validate_credit_code(first17 + wrong)


@pytest.mark.parametrize("phone", ["13800138000", "0531-88886666"])
def test_phone_accepts_mobile_and_landline(phone):
    validate_phone(phone)


def test_phone_refuses_garbage():
    with pytest.raises(ValidationError, match="手机号"):
        validate_phone("12345")


BIDI_MESSAGE = (
    "内容含有不可见的文字方向控制字符，会使文字显示得与实际内容不同。请删除后重新输入（常见于从网页或文档复制的文字）。"
)


# Every character of the Unicode property Bidi_Control.
@pytest.mark.parametrize("control", list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
def test_bidi_controls_are_refused_with_a_chinese_message(control):
    with pytest.raises(ValidationError) as excinfo:
        reject_bidi_controls(f"数智先锋{control}队")
    assert (excinfo.value.code, excinfo.value.messages) == ("bidi_control", [BIDI_MESSAGE])


@pytest.mark.parametrize("text", ["数智先锋队", "Team Alpha（济南）", "a\u200bb", "", None])
def test_text_without_bidi_controls_passes(text):
    assert reject_bidi_controls(text) is None
