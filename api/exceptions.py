"""Domain refusals as HTTP: the services' messages (in the request's language), never a 500.

- a page form's errors, a ``ValidationError`` (``RemediationError`` included), a ``WorkflowError`` or a
  ``DocumentError`` → 400 ``{"detail": …, "errors": {field: [messages]}}``;
- an ``EditConflict`` (someone saved first) → 409 with the current version under ``current``.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from findings.services import EditConflict, WorkflowError
from reports.services import DocumentError


class FormInvalid(Exception):
    """A page's form refused the input; ``errors`` is its ``form.errors``."""

    def __init__(self, errors):
        super().__init__("invalid")
        self.errors = errors


def _key(name: str) -> str:
    return "non_field_errors" if name == NON_FIELD_ERRORS else name


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {_key(k): [m for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"non_field_errors": list(exc.messages)}


def _bad_request(errors: dict) -> Response:
    messages = [m for field in errors.values() for m in field]
    return Response({"detail": messages[0] if messages else _("Dữ liệu không hợp lệ."), "errors": errors}, status=400)


def conflict_response(current) -> Response:
    from api.serializers import serializer_for

    return Response(
        {
            "detail": _("Bản ghi vừa được người khác lưu; hãy xem bản hiện tại rồi gửi lại với revision mới."),
            "current": serializer_for(current)(current).data,
        },
        status=status.HTTP_409_CONFLICT,
    )


def exception_handler(exc, context):
    if isinstance(exc, FormInvalid):
        return _bad_request({_key(k): list(v) for k, v in exc.errors.items()})
    if isinstance(exc, EditConflict):
        return conflict_response(exc.current)
    if isinstance(exc, ValidationError):
        return _bad_request(_errors(exc))
    if isinstance(exc, WorkflowError | DocumentError):
        return _bad_request({"non_field_errors": [str(exc)]})
    return drf_exception_handler(exc, context)
