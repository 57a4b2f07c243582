"""A Python client generated from the served schema, used as an integrator would.

openapi-python-client (a pinned dev dependency) generates the client once per session,
with no warning, and every module imports. Through it, against a live server on the
project's database: a practitioner's day (the caseload, the overdue cases, a child, a
contact logged with an Idempotency-Key and retried, its amendment, a closure request),
then the team leader's approval.
"""

import datetime
import importlib
import pkgutil
import subprocess
import sys
import uuid
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import resolve
from django.utils import timezone
from rest_framework.test import APIRequestFactory, force_authenticate

from casework.models import Case

from ..factories import CaseFactory

PACKAGE = "cwsp_api_client"
CONFIG = Path(settings.BASE_DIR) / "docs" / "openapi-python-client.yaml"


def _served_schema() -> bytes:
    """What /api/schema/ serves (as JSON), asked of the view that serves it."""
    request = APIRequestFactory().get("/api/schema/?format=json")
    force_authenticate(request, user=SimpleNamespace(is_authenticated=True, pk=None))
    response = resolve("/api/schema/").func(request)
    response.render()
    assert response.status_code == 200
    return response.content


@pytest.fixture(scope="session")
def generated(tmp_path_factory, django_db_setup, django_db_blocker):
    """The generated package, imported: its modules by name."""
    where = tmp_path_factory.mktemp("client")
    with django_db_blocker.unblock():
        (where / "openapi.json").write_bytes(_served_schema())
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(  # noqa: S603 (our own generator, our own arguments)
        [str(generator), "generate", "--path", "openapi.json", "--config", str(CONFIG)]
        + ["--meta", "none", "--output-path", PACKAGE],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(where))
    modules = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            package = importlib.import_module(PACKAGE)
            for found in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
                modules[found.name] = importlib.import_module(found.name)
        yield SimpleNamespace(modules=modules, package=package)
    finally:
        sys.path.remove(str(where))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def test_every_generated_module_imports(generated, committed_schema):
    endpoints = [name for name in generated.modules if name.startswith(f"{PACKAGE}.api.v1.")]
    operations = [
        method
        for item in committed_schema["paths"].values()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    # One module per operation: none was left out for want of a type the generator knows.
    assert len(endpoints) == len(operations)


def _api(generated, name):
    return generated.modules[f"{PACKAGE}.api.v1.{name}"]


def _model(generated, name):
    return getattr(generated.modules[f"{PACKAGE}.models"], name)


@pytest.fixture
def client_as(generated, live_server, token_for):
    """``client_as(user)``: the generated client with ``user``'s token, closed after."""
    opened = []

    def _client(user):
        client = generated.package.AuthenticatedClient(
            base_url=live_server.url,
            token=token_for(user),
            prefix="Token",
            raise_on_unexpected_status=True,
        )
        opened.append(client)
        return client

    yield _client
    for client in opened:
        client.get_httpx_client().close()


def test_a_practitioners_day_then_the_team_leaders_approval(generated, client_as, world):
    today = timezone.localdate()
    late = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        opened_on=today - datetime.timedelta(days=60),
    )
    on_track = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
    )
    CaseFactory(child__community=world.community_b, practitioner=world.practitioner_b)
    me = client_as(world.practitioner_a)
    cases_list = _api(generated, "v1_cases_list")

    # The caseload: this community's cases only, every field parsed by the generated model.
    caseload = cases_list.sync(client=me)
    assert {case.id for case in caseload.results} == {late.pk, on_track.pk}
    overdue = cases_list.sync(
        client=me,
        contact_status=_model(generated, "V1CasesListContactStatus").OVERDUE,
        practitioner=world.practitioner_a.pk,
    )
    assert [case.id for case in overdue.results] == [late.pk]
    assert overdue.results[0].contact_status.value == "overdue"

    child = _api(generated, "v1_children_retrieve").sync(client=me, id=late.child_id)
    assert child.id == late.child_id and child.display_name

    # A contact, logged with a key and retried (the network dropped the first answer).
    body = _model(generated, "ContactInputRequest")(
        case=late.pk,
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        kind=_model(generated, "ContactKindEnum").F2F_PRACTITIONER,
        who_was_seen="The child and carer",
        location="Home",
    )
    key = str(uuid.uuid4())
    log = _api(generated, "v1_contacts_create")
    first = log.sync_detailed(client=me, body=body, idempotency_key=key)
    again = log.sync_detailed(client=me, body=body, idempotency_key=key)
    assert first.status_code == again.status_code == 201
    assert again.parsed.id == first.parsed.id and first.parsed.version == 1
    assert again.headers["Idempotent-Replayed"] == "true"
    contacts = _api(generated, "v1_contacts_list").sync(client=me, case=late.pk)
    assert [c.id for c in contacts.results] == [first.parsed.id]

    amended = _api(generated, "v1_contacts_amend_create").sync(
        client=me,
        id=first.parsed.id,
        body=_model(generated, "ContactAmendInputRequest")(
            reason="Seen at the clinic, not at home", location="Clinic", based_on_version=1
        ),
        idempotency_key=str(uuid.uuid4()),
    )
    assert amended.version == 2 and amended.location == "Clinic"
    assert amended.amendments[0].previous_values["location"] == "Home"
    # The same correction from a device that had not seen it: a conflict, in the one shape.
    stale = _api(generated, "v1_contacts_amend_create").sync_detailed(
        client=me,
        id=first.parsed.id,
        body=_model(generated, "ContactAmendInputRequest")(
            reason="Typo", location="School", based_on_version=1
        ),
    )
    assert stale.status_code == 409 and stale.parsed.code == "conflict"

    requested = _api(generated, "v1_cases_request_closure_create").sync(
        client=me,
        id=on_track.pk,
        body=_model(generated, "ClosureRequestInputRequest")(
            reason="Safe at home; supports in place",
            parents_capacity_note="Both parents protective and engaged",
        ),
    )
    assert requested.status.value == Case.Status.CLOSURE_REQUESTED

    # The practitioner cannot approve; their team leader can.
    approve = _api(generated, "v1_cases_approve_closure_create")
    refused = approve.sync_detailed(client=me, id=on_track.pk)
    assert refused.status_code == 403 and refused.parsed.code == "permission_denied"
    leader = client_as(world.teamleader_a)
    approved = approve.sync(client=leader, id=on_track.pk, idempotency_key=str(uuid.uuid4()))
    assert approved.status.value == Case.Status.CLOSED and approved.closed_on == today
