"""The API's schema rules, applied to every operation so a new endpoint conforms unaided.

Each operation documents its own success and validation answers with ``extend_schema``
(``core.errors.WRITE_ERRORS`` and friends); the answers that come from the framework
around it (a refused body or query parameter, not signed in, not allowed, not found or
another community's record, too many requests) are the same everywhere and are added by
``document_error_responses``. Every one of them is the API's one error body,
``core.errors.ErrorSerializer``, so clients and the schema tests see the whole contract.

``AutoSchema`` adds what follows from the code rather than from each view's annotations:
an action wrapped by ``core.idempotency.idempotent_create`` documents the
``Idempotency-Key`` header, the ``Idempotent-Replayed`` header of a replay, and its 409 and
422 answers; a read-only choice whose model field may be blank documents the blank value
the API really sends (a case not yet assessed has ``risk_level: ""``).
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .errors import ErrorSerializer, error_responses
from .idempotency import HEADER, KEY_PATTERN, REPLAYED_HEADER, is_idempotent

IDEMPOTENCY_DESCRIPTION = (
    "A UUID made once per record the client means to create, sent again unchanged with "
    "every retry. A retry answers the first attempt's status and body (with "
    "Idempotent-Replayed: true); the same key with a different body answers 422."
)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, with the rules above."""

    def _handler(self) -> object:
        action = getattr(self.view, "action", None)
        return getattr(self.view, action or self.method.lower(), None)

    def _idempotent(self) -> bool:
        return self.method == "POST" and is_idempotent(self._handler())

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self._idempotent():
            parameters.append(
                OpenApiParameter(
                    HEADER,
                    # A string with the UUID pattern, not format "uuid": generated clients
                    # would put a UUID object into the header, which HTTP libraries refuse.
                    {"type": "string", "pattern": KEY_PATTERN},
                    OpenApiParameter.HEADER,
                    required=False,
                    description=IDEMPOTENCY_DESCRIPTION,
                )
            )
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if not self._idempotent():
            return responses
        for code, response in responses.items():
            if code.startswith("2"):
                response.setdefault("headers", {})[REPLAYED_HEADER] = {
                    "schema": {"type": "string", "enum": ["true"]},
                    "description": "Present on a retry: this is the first attempt's answer.",
                }
        for status, documented in error_responses(409, 422).items():
            responses.setdefault(
                str(status),
                self._get_response_for_code(documented, str(status), direction=direction),
            )
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.ChoiceField) and field.read_only:
            model_field = _model_field(field)
            if isinstance(model_field, models.CharField) and model_field.blank:
                # ModelSerializer drops allow_blank from read-only fields, yet sends "".
                field.allow_blank = True
            if model_field is not None and model_field.null:
                field.allow_null = True
        content = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.IntegerField) and isinstance(content, dict):
            _portable_range(_model_field(field), content)
        return content


def _portable_range(model_field: models.Field | None, content: dict[str, Any]) -> None:
    """Document an integer's range as Django's standard one (PostgreSQL's), not the range of
    whichever database built the schema (SQLite's are 64-bit): the schema is the same
    everywhere it is generated."""
    if model_field is None:
        return
    internal = model_field.get_internal_type()
    here = connection.ops.integer_field_range(internal)
    standard = BaseDatabaseOperations.integer_field_ranges.get(internal)
    if standard is None or here == standard:
        return
    for key, local, portable in zip(("minimum", "maximum"), here, standard, strict=True):
        if key in content and content[key] == local:
            content[key] = portable
    if all(-(2**31) <= content.get(key, 0) < 2**31 for key in ("minimum", "maximum")):
        content.pop("format", None)


def _model_field(field: serializers.Field) -> models.Field | None:
    """The model field a serializer field reads, when it reads one of its model's own."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source or field.source == "*":
        return None
    try:
        found = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _error_component() -> tuple[str, dict[str, Any]]:
    """The component name and schema drf-spectacular gives ``ErrorSerializer``."""
    schema = AutoSchema()
    # A context of its own: without one drf-spectacular builds a request mock from the view.
    serializer = ErrorSerializer(context={"request": None})
    return (
        schema._get_serializer_name(serializer, "response"),
        schema._map_serializer(serializer, "response"),
    )


def _error_response(status: int, component: str) -> dict[str, Any]:
    return {
        "description": error_responses(status)[status].description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def document_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: add 401/403/404/429 where they can happen."""
    name, schema = _error_component()
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault(name, schema)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            secured = bool(operation.get("security")) and {} not in operation["security"]
            wanted = [429]
            parameters = operation.get("parameters", [])
            if "requestBody" in operation or any(p.get("in") == "query" for p in parameters):
                # The body or a query parameter can be refused: each with its messages.
                wanted.append(400)
            if secured:
                wanted += [401, 403]
            pages = any(p.get("name") == "page" for p in parameters)
            if secured and ("{" in path or pages):
                wanted.append(404)
            for status in wanted:
                responses.setdefault(str(status), _error_response(status, name))
    return result
