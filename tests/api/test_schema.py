"""The schema is the contract: served, committed, and exact about every operation.

docs/openapi.yaml is what /api/schema/ serves; each operation documents a success answer,
errors in the one error body, JSON request bodies, typed query parameters, and (for the
creates a client may retry) the Idempotency-Key header with its 409 and 422.
"""

import json

import pytest
import yaml
from rest_framework.test import APIClient

from .conftest import SCHEMA_FILE

pytestmark = pytest.mark.django_db

REGENERATE = (
    "docs/openapi.yaml is not what /api/schema/ serves. Regenerate it with `make schema` "
    "(or: .venv/bin/python manage.py spectacular --validate --fail-on-warn "
    "--file docs/openapi.yaml) and commit it with the change to the API."
)
METHODS = {"get", "post", "put", "patch", "delete"}
ERROR_REF = "#/components/schemas/Error"


def _differences(served, committed, where="") -> list[str]:
    if isinstance(served, dict) and isinstance(committed, dict):
        out = []
        for key in sorted(set(served) | set(committed), key=str):
            if key not in committed:
                out.append(f"{where}/{key}: served, not in the file")
            elif key not in served:
                out.append(f"{where}/{key}: in the file, no longer served")
            else:
                out += _differences(served[key], committed[key], f"{where}/{key}")
        return out
    return [] if served == committed else [f"{where}: differs"]


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_committed_schema_is_the_served_one(world):
    client = APIClient()
    client.force_authenticate(world.practitioner_a)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    served = yaml.safe_load(response.content)
    differences = _differences(served, yaml.safe_load(SCHEMA_FILE.read_text()))
    assert not differences, REGENERATE + "\n" + "\n".join(differences[:20])


def test_the_schema_is_served_to_signed_in_callers_only(client):
    assert client.get("/api/schema/").status_code == 401


def test_every_operation_documents_its_success_answer(committed_schema):
    missing = []
    for label, operation in _operations(committed_schema):
        success = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
        if not success or not all(code == "204" or r.get("content") for code, r in success.items()):
            missing.append(label)
    assert not missing, f"no documented success body: {missing}"


def test_every_error_answer_is_the_one_error_body(committed_schema):
    wrong = [
        f"{label} {code}"
        for label, operation in _operations(committed_schema)
        for code, response in operation["responses"].items()
        if code.startswith("4")
        and response.get("content", {}).get("application/json", {}).get("schema")
        != {"$ref": ERROR_REF}
    ]
    assert not wrong, wrong
    error = committed_schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code", "errors"}


# Files uploaded as files: the records import takes the legacy system's CSV files as they are.
FILE_UPLOADS = {"POST /api/v1/imports/": ["multipart/form-data"]}


def test_request_bodies_are_json_only(committed_schema):
    other = [
        label
        for label, operation in _operations(committed_schema)
        if "requestBody" in operation
        and list(operation["requestBody"]["content"])
        != FILE_UPLOADS.get(label, ["application/json"])
    ]
    assert not other, other


def test_ids_in_query_parameters_are_integers(committed_schema):
    untyped = [
        f"{label} ?{parameter['name']}"
        for label, operation in _operations(committed_schema)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
        and parameter["schema"].get("type") not in {"string", "integer", "boolean"}
    ]
    assert not untyped, untyped
    cases = dict(_operations(committed_schema))["GET /api/v1/cases/"]
    types = {p["name"]: p["schema"] for p in cases["parameters"]}
    for name in ("child", "practitioner", "page"):
        assert types[name] == {"type": "integer", "minimum": 1}, name
    assert types["contact_status"]["enum"] == ["due_soon", "on_track", "overdue"]


def test_idempotent_creates_document_the_key_and_its_answers(committed_schema):
    operations = dict(_operations(committed_schema))
    idempotent = {
        label
        for label, operation in operations.items()
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    }
    # Those wrapped by core.idempotency.idempotent_create, found from the code.
    assert {"POST /api/v1/contacts/", "POST /api/v1/contacts/{id}/amend/"} <= idempotent
    assert "POST /api/v1/cases/{id}/request-closure/" in idempotent
    for label in idempotent:
        responses = operations[label]["responses"]
        assert {"409", "422"} <= set(responses), label
        success = next(r for code, r in responses.items() if code.startswith("2"))
        assert "Idempotent-Replayed" in success["headers"], label
    assert not any(label.startswith("GET") for label in idempotent)


def test_read_only_values_are_documented_as_sent(committed_schema):
    schemas = committed_schema["components"]["schemas"]
    case = schemas["Case"]["properties"]
    # A case not yet assessed has risk_level "" (BlankEnum); contact_status is null off care.
    assert {"$ref": "#/components/schemas/BlankEnum"} in case["risk_level"]["oneOf"]
    assert {"$ref": "#/components/schemas/ContactStatusEnum"} in case["contact_status"]["oneOf"]
    assert schemas["OversightMember"]["properties"]["region"]["nullable"] is True
    previous = schemas["ContactAmendment"]["properties"]["previous_values"]
    assert previous["type"] == "object"


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("status=", "status"),
        ("status=bogus", "status"),
        ("contact_status=", "contact_status"),
        ("risk_level=%20", "risk_level"),
        ("child=", "child"),
        ("child=abc", "child"),
        ("practitioner=0", "practitioner"),
    ],
)
def test_refused_query_parameters_answer_400_in_the_one_shape(world, query, parameter):
    client = APIClient()
    client.force_authenticate(world.practitioner_a)
    response = client.get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and list(body["errors"]) == [parameter]
    assert body["detail"] == body["errors"][parameter][0]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/return-visits/?case=", "/api/v1/case-tasks/?page=abc", "/api/v1/themes/?page=0"],
)
def test_every_list_refuses_a_bad_query_in_the_one_shape(world, path):
    """The checks are the API's defaults: lists added later get them without asking."""
    client = APIClient()
    client.force_authenticate(world.teamleader_a)
    response = client.get(path)
    assert response.status_code == 400, (path, response.content)
    assert set(response.json()) == {"detail", "code", "errors"}


def test_a_page_past_the_last_is_not_found(world):
    client = APIClient()
    client.force_authenticate(world.practitioner_a)
    assert client.get("/api/v1/cases/?page=1").status_code == 200
    response = client.get("/api/v1/cases/?page=2")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/cases/", "/api/v1/cases/1/", "/api/v1/contacts/"])
def test_trace_is_not_allowed(world, path):
    client = APIClient()
    client.force_authenticate(world.practitioner_a)
    response = client.generic("TRACE", path)
    assert response.status_code == 405
    assert json.loads(response.content)["code"] == "method_not_allowed"
    assert response["Allow"]
