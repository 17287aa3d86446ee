import pytest
from django.core.exceptions import ValidationError

from cms.validators import credit_code_check_char, validate_credit_code, validate_phone


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
