import pytest
from django.core.exceptions import ValidationError

from inspections.validators import validate_document_number


@pytest.mark.parametrize("value", ["1978/KH-UBND", "05/KH-UBND", "12/KH-VPUBND", "1978/KH-ĐKT"])
def test_valid_plan_numbers(value):
    validate_document_number(value, type_code="KH")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1978-KH-UBND", "phải có dạng số/ký hiệu"),
        ("KH-UBND", "phải có dạng số/ký hiệu"),
        ("1978/KH", "phải có dạng số/ký hiệu"),
        ("5/KH-UBND", "phải ghi thêm số 0"),
        ("00/KH-UBND", "lớn hơn 0"),
        ("1978/QĐ-UBND", "mã loại văn bản “KH”"),
        ("1978/CV-UBND", "mã loại văn bản “KH”"),
    ],
)
def test_invalid_plan_numbers_say_why_in_vietnamese(value, message):
    with pytest.raises(ValidationError) as exc:
        validate_document_number(value, type_code="KH")
    assert message in exc.value.messages[0]


def test_decision_numbers_need_the_qd_code():
    validate_document_number("398/QĐ-UBND", type_code="QĐ")
    with pytest.raises(ValidationError):
        validate_document_number("398/KH-UBND", type_code="QĐ")
