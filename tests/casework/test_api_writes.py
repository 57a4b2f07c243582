"""API writes a page can do: adding a child (with the duplicate check), return visits,
resolving a safety threat, updating a care plan and deciding a task."""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import CarePlan, CarePlanAction, CaseTask, Child, RecordChange
from tests.factories import (
    CaseFactory,
    CaseTaskFactory,
    ChildFactory,
    SafetyThreatFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
JSON = "application/json"


def _child_body(world, **extra):
    return {
        "community": world.community_a.pk,
        "given_name": "Jarrah",
        "family_name": "Tipiloura",
        "date_of_birth": "2015-04-09",
        "gender": "male",
        "aboriginal_status": "aboriginal",
        **extra,
    }


def test_add_child_refuses_a_likely_duplicate_until_confirmed(world, client_for):
    existing = ChildFactory(
        community=world.community_a,
        given_name="Jarrah",
        family_name="Tipiloura",
        date_of_birth=datetime.date(2015, 4, 9),
    )
    client = client_for(world.practitioner_a)
    key = str(uuid.uuid4())
    refused = client.post(
        "/api/v1/children/", _child_body(world), content_type=JSON, HTTP_IDEMPOTENCY_KEY=key
    )
    assert refused.status_code == 409, refused.json()
    assert refused.json()["code"] == "conflict"
    assert refused.json()["current"]["likely_duplicates"] == [existing.pk]

    body = _child_body(world, not_a_duplicate=True)
    added = client.post("/api/v1/children/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
    assert added.status_code == 201, added.json()
    again = client.post("/api/v1/children/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == added.json()["id"]
    with scopes_disabled():
        assert Child.objects.filter(family_name="Tipiloura").count() == 2


def test_add_child_refuses_a_future_birth_and_another_community(world, client_for):
    client = client_for(world.practitioner_a)
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        "/api/v1/children/", _child_body(world, date_of_birth=future), content_type=JSON
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"detail", "code", "errors"}
    assert "future" in response.json()["errors"]["date_of_birth"][0]

    response = client.post(
        "/api/v1/children/",
        _child_body(world, community=world.community_b.pk),
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "community" in response.json()["errors"]
    # A coordinator does no casework.
    response = client_for(world.coordinator_a).post(
        "/api/v1/children/", _child_body(world), content_type=JSON
    )
    assert response.status_code == 403


def test_a_duplicate_in_another_community_is_not_revealed(world, client_for):
    ChildFactory(
        community=world.community_b,
        given_name="Jarrah",
        family_name="Tipiloura",
        date_of_birth=datetime.date(2015, 4, 9),
    )
    response = client_for(world.practitioner_a).post(
        "/api/v1/children/", _child_body(world), content_type=JSON
    )
    assert response.status_code == 201


def _interstate_case(world, community=None):
    return CaseFactory(
        child__community=community or world.community_a,
        child__residence=Child.Residence.BOARDING_SCHOOL_INTERSTATE,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
    )


def test_return_visit_recorded_and_refused(world, client_for):
    case = _interstate_case(world)
    client = client_for(world.practitioner_a)
    body = {
        "case": case.pk,
        "starts_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "ends_on": (TODAY + datetime.timedelta(days=5)).isoformat(),
    }
    response = client.post("/api/v1/return-visits/", body, content_type=JSON)
    assert response.status_code == 201, response.json()
    assert client.get(f"/api/v1/return-visits/{response.json()['id']}/").status_code == 200
    assert [
        row["id"] for row in client.get(f"/api/v1/return-visits/?case={case.pk}").json()["results"]
    ] == [response.json()["id"]]

    backwards = {**body, "ends_on": (TODAY - datetime.timedelta(days=5)).isoformat()}
    response = client.post("/api/v1/return-visits/", backwards, content_type=JSON)
    assert response.status_code == 400
    assert "ends_on" in response.json()["errors"]

    in_nt = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    response = client.post("/api/v1/return-visits/", {**body, "case": in_nt.pk}, content_type=JSON)
    assert response.status_code == 400
    assert "interstate" in response.json()["detail"]

    foreign = _interstate_case(world, world.community_b)
    response = client.post(
        "/api/v1/return-visits/", {**body, "case": foreign.pk}, content_type=JSON
    )
    assert response.status_code == 400
    assert "case" in response.json()["errors"]


def test_safety_threat_resolved_once(world, client_for):
    threat = SafetyThreatFactory(assessment__case__child__community=world.community_a)
    client = client_for(world.practitioner_a)
    url = f"/api/v1/safety-threats/{threat.pk}/resolve/"
    future = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"resolved_on": future}, content_type=JSON)
    assert response.status_code == 400
    assert "resolved_on" in response.json()["errors"]

    response = client.post(url, {}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["resolved"] is True
    assert response.json()["resolved_on"] == TODAY.isoformat()

    again = client.post(url, {}, content_type=JSON)
    assert again.status_code == 400
    assert "already resolved" in again.json()["detail"]

    foreign = SafetyThreatFactory(assessment__case__child__community=world.community_b)
    response = client.post(f"/api/v1/safety-threats/{foreign.pk}/resolve/", {}, content_type=JSON)
    assert response.status_code == 404


def _plan(case):
    plan = CarePlan.objects.create(
        community=case.community,
        case=case,
        review_due_on=TODAY + datetime.timedelta(days=60),
        created_by=case.practitioner,
    )
    action = CarePlanAction.objects.create(
        community=case.community,
        care_plan=plan,
        description="Enrol at school",
        owner="Carer",
        due_on=TODAY + datetime.timedelta(days=14),
    )
    return plan, action


def test_care_plan_update_changes_fields_adds_and_completes_actions(world, client_for):
    case = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    plan, action = _plan(case)
    client = client_for(world.practitioner_a)
    response = client.patch(
        f"/api/v1/care-plans/{plan.pk}/",
        {
            "goals": "Attends school every day",
            "reason": "Agreed at the family meeting",
            "add_actions": [
                {"description": "Clinic visit", "owner": "Nurse", "due_on": "2030-01-01"}
            ],
            "actions_done": [action.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["goals"] == "Attends school every day"
    done = {row["description"]: row["done_on"] for row in body["actions"]}
    assert done == {"Enrol at school": TODAY.isoformat(), "Clinic visit": None}
    with scopes_disabled():
        change = RecordChange.objects.get(record_type="casework.careplan", record_id=plan.pk)
        assert change.reason == "Agreed at the family meeting"


def test_care_plan_update_refusals_and_foreign_plan(world, client_for):
    case = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    plan, _action = _plan(case)
    other_plan, other_action = _plan(
        CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    )
    client = client_for(world.practitioner_a)
    url = f"/api/v1/care-plans/{plan.pk}/"
    response = client.patch(
        url, {"add_actions": [{"description": "Clinic", "owner": ""}]}, content_type=JSON
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"detail", "code", "errors"}
    response = client.patch(url, {"actions_done": [other_action.pk]}, content_type=JSON)
    assert response.status_code == 400
    assert "actions_done" in response.json()["errors"]

    coordinator = client_for(world.coordinator_a)
    assert coordinator.patch(url, {"goals": "x"}, content_type=JSON).status_code == 403

    foreign_case = CaseFactory(child__community=world.community_b)
    foreign, _ = _plan(foreign_case)
    client = client_for(world.practitioner_a)
    response = client.patch(f"/api/v1/care-plans/{foreign.pk}/", {"goals": "x"}, content_type=JSON)
    assert response.status_code == 404


def test_team_leader_decides_a_task_once(world, client_for):
    task = CaseTaskFactory(
        case__child__community=world.community_a, case__team_leader=world.teamleader_a
    )
    url = f"/api/v1/case-tasks/{task.pk}/decide/"
    assert (
        client_for(world.practitioner_a).post(url, {"decision": "x"}, content_type=JSON).status_code
        == 403
    )

    client = client_for(world.teamleader_a)
    response = client.post(url, {"decision": "  "}, content_type=JSON)
    assert response.status_code == 400
    assert "decision" in response.json()["errors"]
    response = client.post(url, {"decision": "Refer to child protection"}, content_type=JSON)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == CaseTask.Status.DECIDED
    assert response.json()["decided_by"] == world.teamleader_a.pk
    again = client.post(url, {"decision": "Again"}, content_type=JSON)
    assert again.status_code == 400
    assert "already" in again.json()["detail"]

    listed = client.get("/api/v1/case-tasks/").json()["results"]
    assert [row["id"] for row in listed] == [task.pk]

    foreign = CaseTaskFactory(case__child__community=world.community_b)
    response = client.post(
        f"/api/v1/case-tasks/{foreign.pk}/decide/", {"decision": "x"}, content_type=JSON
    )
    assert response.status_code == 404
