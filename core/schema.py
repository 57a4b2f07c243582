"""Document the error answers every API operation can give, in one place and one shape.

Each operation documents its own success and validation answers with ``extend_schema``
(``core.errors.WRITE_ERRORS`` and friends); the answers that come from the framework
around it (a refused body, not signed in, not allowed, not found or another community's
record, too many requests) are the same everywhere and are added here. Every one of them
is the API's one error body, ``core.errors.ErrorSerializer``, so clients and the schema
tests see the whole contract.
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema

from .errors import ErrorSerializer, error_responses


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
            if "requestBody" in operation:
                # The body can be refused: each field with its messages.
                wanted.append(400)
            if secured:
                wanted += [401, 403]
            parameters = operation.get("parameters", [])
            pages = any(p.get("name") == "page" for p in parameters)
            if secured and ("{" in path or pages):
                wanted.append(404)
            for status in wanted:
                responses.setdefault(str(status), _error_response(status, name))
    return result
