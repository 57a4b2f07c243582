"""Service errors, one shape for pages and API.

Services raise Django's ``ValidationError`` (bad input, a rule refused), ``PermissionDenied``
(403: the actor may see the record but not do that), ``Http404`` (outside the actor's
communities), and the two below. Pages put the messages beside the fields
(``apply_service_errors``); the API answers every error in one body, made by
``api_exception_handler``::

    {"detail": "A summary a person can read.",
     "code": "invalid",
     "errors": {"field": ["message", ...], "non_field_errors": ["message", ...]}}

``errors`` is present on every error (empty when no field is named).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"


class Conflict(Exception):
    """409: the request was understood but the record's state refuses it now.

    For example a closure decided meanwhile by someone else, or an offline amendment of a
    contact that has changed since the device read it. ``current`` may carry what the
    client needs to resolve it (ids and versions, never personal data).
    """

    def __init__(self, message: str, *, current: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.current = current or {}


class IdempotencyMismatch(Exception):
    """422: an idempotency key already used for a different request body."""

    def __init__(self, message: str = ""):
        super().__init__(
            message
            or "This request's key was already used for a different submission. "
            "Start a new form (or send a new Idempotency-Key) to record something else."
        )
        self.message = str(self.args[0])


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as {field: [messages]}; unnamed messages under NON_FIELD."""
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in error.messages]}


@contextmanager
def fields_named(**api_names: str) -> Iterator[None]:
    """Re-raise a service's errors under the API's field names (``children`` as
    ``child_ids``) so a client finds each message beside the field it sent."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise DjangoValidationError(
            {api_names.get(field, field): messages for field, messages in error.error_dict.items()}
        ) from error


def apply_service_errors(form: forms.BaseForm, error: DjangoValidationError) -> None:
    """Put a service's errors beside the fields they name; the rest at the top of the form."""
    for field, messages in field_errors(error).items():
        form.add_error(field if field in form.fields else None, messages)


def _summary(errors: dict[str, list[str]]) -> str:
    first = next((m for messages in errors.values() for m in messages), "")
    return first or "The request was refused."


def _drf_errors(detail: Any) -> dict[str, list[str]]:
    """DRF's ValidationError detail (dict, list or string) as {field: [messages]}."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                # A nested serializer: name the inner field after the outer one.
                for inner, messages in _drf_errors(value).items():
                    out[f"{key}.{inner}"] = messages
            elif isinstance(value, list):
                flat: list[str] = []
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        for inner, messages in _drf_errors(item).items():
                            out[f"{key}[{i}].{inner}"] = messages
                    else:
                        flat.append(str(item))
                if flat:
                    out[key] = flat
            else:
                out[key] = [str(value)]
        return out
    if isinstance(detail, list):
        return {NON_FIELD: [str(item) for item in detail]}
    return {NON_FIELD: [str(detail)]}


def error_body(
    *, detail: str, code: str, errors: dict[str, list[str]] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"detail": detail, "code": code, "errors": errors or {}, **extra}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error the API gives has the body described above."""
    if isinstance(exc, DjangoValidationError):
        errors = field_errors(exc)
        return Response(
            error_body(detail=_summary(errors), code="invalid", errors=errors),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Conflict):
        return Response(
            error_body(detail=exc.message, code="conflict", current=exc.current),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IdempotencyMismatch):
        return Response(
            error_body(detail=exc.message, code="idempotency_key_reused"),
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _drf_errors(exc.detail)
        response.data = error_body(detail=_summary(errors), code="invalid", errors=errors)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        text = str(detail) if not isinstance(detail, dict | list) else _summary(_drf_errors(detail))
        code = detail.code if hasattr(detail, "code") else exc.default_code
        response.data = error_body(detail=text, code=str(code))
    return response


# --- documentation (drf-spectacular) ----------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """The one error body of the API."""

    detail = serializers.CharField(help_text=_("A summary a person can read."))
    code = serializers.CharField(
        help_text=_(
            "invalid, not_authenticated, authentication_failed, permission_denied, "
            "not_found, method_not_allowed, conflict, idempotency_key_reused, throttled, ..."
        )
    )
    # Declared under another attribute name: ``errors`` is a Serializer property.
    field_errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Each refused field with its messages; others under non_field_errors."),
    )

    current = serializers.DictField(
        required=False,
        help_text="On a 409, what the client needs to resolve it (ids and versions).",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["errors"] = fields.pop("field_errors")
        return fields


_DESCRIPTIONS = {
    400: "Refused: each field with its messages in `errors`, the rest under non_field_errors.",
    401: "Not signed in, or the token is invalid or expired.",
    403: "You may see this record but your role cannot do that.",
    404: "No such record in your communities (another community's record included).",
    409: "The record's state refuses this now (changed meanwhile).",
    422: "The Idempotency-Key was already used for a different request body.",
    429: "Too many requests; retry after the time in Retry-After.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Documented error responses for ``extend_schema(responses=...)``, in the one shape."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]) for code in codes
    }


READ_ERRORS = error_responses(401, 404, 429)
LIST_ERRORS = error_responses(400, 401, 404, 429)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 429)
CREATE_ERRORS = error_responses(400, 401, 403, 404, 409, 422, 429)
