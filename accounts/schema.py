"""Document the error answers every API operation can give, in one place.

Each operation documents its own success and validation answers with ``extend_schema``;
the answers that come from the framework around it (not signed in, not allowed, not
found or another community's record, too many requests) are the same everywhere and
are added here, so clients and the schema tests see the whole contract.
"""

ERROR_SCHEMA_NAME = "ErrorDetail"
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

_DESCRIPTIONS = {
    "401": "Not signed in, or the token is unknown or belongs to a deactivated account.",
    "403": "Signed in but not allowed: this role may not do this, or the account must "
    "verify its two-factor code first.",
    "404": "No such record, or it belongs to a community the caller does not work in; "
    "also an out-of-range page.",
    "429": "Too many requests from this user or address; retry after the Retry-After delay.",
}


def _error_response(status: str) -> dict:
    return {
        "description": _DESCRIPTIONS[status],
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}}
        },
    }


def document_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: add 401/403/404/429 where they can happen."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            secured = bool(operation.get("security")) and {} not in operation["security"]
            wanted = ["429"]
            if secured:
                wanted += ["401", "403"]
            parameters = operation.get("parameters", [])
            pages = any(p.get("name") == "page" for p in parameters)
            if secured and ("{" in path or pages):
                wanted.append("404")
            for status in wanted:
                responses.setdefault(status, _error_response(status))
    return result
