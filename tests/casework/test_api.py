"""Casework API: scoping, services behind every write, filters, audit and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework import services
from casework.models import CarePlan, CarePlanAction, Case
from tests.factories import (
    CaseFactory,
    ContactFactory,
    ReferralFactory,
    SafetyThreatFactory,
)

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def api(client_for):
    def _api(user):
        client = client_for(user)
        return client

    return _api


def overdue(world, community=None, practitioner=None):
    return CaseFactory(
        child__community=community or world.community_a,
        practitioner=practitioner or world.practitioner_a,
        team_leader=world.teamleader_a,
        opened_on=TODAY - datetime.timedelta(days=60),
    )


def test_post_contact_logs_through_the_service(world, api):
    case = overdue(world)
    client = api(world.practitioner_a)
    future = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    response = client.post(
        "/api/v1/contacts/",
        {"case": case.pk, "occurred_at": future, "kind": "f2f_practitioner"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "future" in response.json()["errors"]["occurred_at"][0]

    response = client.post(
        "/api/v1/contacts/",
        {
            "case": case.pk,
            "occurred_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
            "kind": "f2f_practitioner",
            "who_was_seen": "Child",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    contact_id = response.json()["id"]
    case_json = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert case_json["contact_status"] == "on_track"

    response = client.post(
        f"/api/v1/contacts/{contact_id}/amend/",
        {"reason": "Wrong person recorded", "who_was_seen": "Child and carer"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["who_was_seen"] == "Child and carer"
    assert body["amendments"][0]["previous_values"] == {"who_was_seen": "Child"}


def test_post_contact_to_another_communitys_case_is_refused_like_a_made_up_id(world, api):
    foreign = overdue(world, world.community_b, world.practitioner_b)
    client = api(world.practitioner_a)
    payload = {"occurred_at": timezone.now().isoformat(), "kind": "phone"}
    foreign_response = client.post(
        "/api/v1/contacts/", {**payload, "case": foreign.pk}, content_type="application/json"
    )
    made_up = client.post(
        "/api/v1/contacts/", {**payload, "case": 999999}, content_type="application/json"
    )
    assert foreign_response.status_code == made_up.status_code == 400
    foreign_message = foreign_response.json()["errors"]["case"][0]
    made_up_message = made_up.json()["errors"]["case"][0]
    assert foreign_message.replace(str(foreign.pk), "X") == made_up_message.replace("999999", "X")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/children/",
        "/api/v1/cases/",
        "/api/v1/contacts/",
        "/api/v1/risk-assessments/",
        "/api/v1/care-plans/",
        "/api/v1/referrals/",
    ],
)
def test_casework_lists_refuse_a_role_without_casework(world, api, url):
    overdue(world)
    response = api(world.coordinator_a).get(url)
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "code", "errors"}


def test_one_record_answers_403_in_the_callers_community_and_404_elsewhere(world, api):
    own = overdue(world)
    foreign = overdue(world, world.community_b, world.practitioner_b)
    coordinator = api(world.coordinator_a)
    assert coordinator.get(f"/api/v1/cases/{own.pk}/").status_code == 403
    assert coordinator.get(f"/api/v1/children/{own.child_id}/").status_code == 403
    assert coordinator.get(f"/api/v1/cases/{foreign.pk}/").status_code == 404
    assert coordinator.get("/api/v1/cases/999999/").status_code == 404
    practitioner = api(world.practitioner_a)
    assert practitioner.get(f"/api/v1/cases/{foreign.pk}/").status_code == 404
    assert practitioner.get(f"/api/v1/cases/{own.pk}/").status_code == 200


def test_cases_filter_by_contact_status(world, api):
    late = overdue(world)
    fine = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    overdue(world, world.community_b, world.practitioner_b)
    client = api(world.practitioner_a)
    ids = [c["id"] for c in client.get("/api/v1/cases/?contact_status=overdue").json()["results"]]
    assert ids == [late.pk]
    ids = [c["id"] for c in client.get("/api/v1/cases/?contact_status=on_track").json()["results"]]
    assert ids == [fine.pk]
    assert client.get("/api/v1/cases/?contact_status=bogus").status_code == 400
    ids = {c["id"] for c in client.get("/api/v1/cases/").json()["results"]}
    assert ids == {late.pk, fine.pk}


def test_request_closure_names_each_unmet_condition(world, api):
    case = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
    )
    SafetyThreatFactory(assessment__case=case, assessment__level="high")
    response = api(world.practitioner_a).post(
        f"/api/v1/cases/{case.pk}/request-closure/",
        {"reason": "Going well"},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]["non_field_errors"]
    assert len(errors) == 4  # the heading and three conditions
    assert any("high" in e for e in errors)


def test_withdraw_agreement_and_send_back_via_api(world, api):
    case = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        risk_level="moderate",
    )
    response = api(world.practitioner_a).post(
        f"/api/v1/cases/{case.pk}/withdraw-agreement/",
        {"withdrawn_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200
    with scopes_disabled():
        assert case.tasks.filter(status="open").count() == 1
    response = api(world.practitioner_a).post(
        f"/api/v1/cases/{case.pk}/approve-closure/", content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_risk_assessment_care_plan_and_referral_create(world, api):
    case = overdue(world)
    client = api(world.practitioner_a)
    response = client.post(
        "/api/v1/risk-assessments/",
        {
            "case": case.pk,
            "assessed_on": TODAY.isoformat(),
            "level": "very_high",
            "next_reassessment_due_on": (TODAY + datetime.timedelta(days=7)).isoformat(),
            "imminent_risk_of_removal": True,
            "safety_threats": ["Threat one", "Threat two"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["safety_threats"]) == 2
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["risk_level"] == "very_high"
    response = client.post(
        "/api/v1/care-plans/",
        {
            "case": case.pk,
            "review_due_on": (TODAY + datetime.timedelta(days=60)).isoformat(),
            "goals": "Stay connected to family",
            "actions": [
                {
                    "description": "Family meeting",
                    "owner": "Practitioner",
                    "due_on": TODAY.isoformat(),
                }
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["actions"]) == 1
    response = client.post(
        "/api/v1/referrals/",
        {"case": case.pk, "service": "ifps", "referred_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "ifps_location" in response.json()["errors"]
    response = client.post(
        "/api/v1/referrals/",
        {
            "case": case.pk,
            "service": "ifps",
            "ifps_location": "nhulunbuy",
            "referred_on": TODAY.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    response = client.patch(
        f"/api/v1/referrals/{response.json()['id']}/",
        {"status": "accepted"},
        content_type="application/json",
    )
    assert response.json()["status"] == "accepted"


def test_api_reads_of_a_record_are_audited(world, api):
    case = overdue(world)
    contact = ContactFactory(case=case)
    client = api(world.practitioner_a)
    client.get(f"/api/v1/children/{case.child_id}/")
    client.get(f"/api/v1/cases/{case.pk}/")
    client.get(f"/api/v1/contacts/{contact.pk}/")
    events = AuditEvent.objects.filter(action=AuditEvent.Action.READ, child_id=case.child_id)
    assert sorted(events.values_list("object_type", flat=True)) == [
        "casework.case",
        "casework.child",
        "casework.contact",
    ]


def _populate(world, n):
    for _ in range(n):
        case = overdue(world)
        contact = ContactFactory(case=case)
        services.contact_amend(actor=world.practitioner_a, contact=contact, reason="r", note="n")
        SafetyThreatFactory(assessment__case=case)
        ReferralFactory(case=case)
        with scopes_disabled():
            plan = CarePlan.objects.create(
                community=case.community,
                case=case,
                review_due_on=TODAY,
                created_by=world.practitioner_a,
            )
        CarePlanAction.objects.create(
            community=case.community, care_plan=plan, description="d", owner="o", due_on=TODAY
        )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/children/",
        "/api/v1/cases/",
        "/api/v1/contacts/",
        "/api/v1/risk-assessments/",
        "/api/v1/care-plans/",
        "/api/v1/referrals/",
    ],
)
def test_list_endpoint_query_count_does_not_grow(world, api, url):
    client = api(world.practitioner_a)
    _populate(world, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).json()["count"] >= 1
    _populate(world, 19)
    with CaptureQueriesContext(connection) as twenty:
        assert client.get(url).json()["count"] >= 20
    assert len(twenty) == len(one), (len(one), len(twenty))
