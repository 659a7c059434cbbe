"""Validation of document numbers in the form of Nghị định 30/2020 (Điều 8, Phụ lục III)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_NUMBER_RE = re.compile(r"^(?P<number>\d{1,6})/(?P<symbol>[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)+)$")


def validate_document_number(value: str, *, type_code: str) -> None:
    """Check "1978/KH-UBND": a number (under 10 with a leading zero), the type code, the issuing body.

    Raises ValidationError with a Vietnamese message saying what is wrong.
    """
    match = _NUMBER_RE.match(value or "")
    if match is None:
        raise ValidationError(
            _("Số, ký hiệu phải có dạng số/ký hiệu, ví dụ %(example)s.") % {"example": f"1978/{type_code}-UBND"},
            code="document_number_format",
        )
    number = match["number"]
    if int(number) == 0:
        raise ValidationError(_("Số văn bản phải lớn hơn 0."), code="document_number_zero")
    if int(number) < 10 and len(number) < 2:
        raise ValidationError(
            _("Số nhỏ hơn 10 phải ghi thêm số 0 phía trước (ví dụ 05, không phải 5)."),
            code="document_number_leading_zero",
        )
    first = match["symbol"].split("-")[0]
    if first != type_code:
        raise ValidationError(
            _("Ký hiệu phải bắt đầu bằng mã loại văn bản “%(code)s” (ví dụ %(example)s), không phải “%(got)s”.")
            % {"code": type_code, "example": f"{number}/{type_code}-UBND", "got": first},
            code="document_number_type",
        )
