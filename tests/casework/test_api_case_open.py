"""Opening a case through the API: the page's rules, its one error body, and a retried
opening that records one case."""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import Case, RiskAssessment, SafetyThreat
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
JSON = "application/json"


def _url(child):
    return f"/api/v1/children/{child.pk}/cases/"


def _assessment(level="moderate", **extra):
    return {
        "assessed_on": TODAY.isoformat(),
        "level": level,
        "next_reassessment_due_on": (TODAY + datetime.timedelta(days=90)).isoformat(),
        **extra,
    }


def _sf_body(world, **extra):
    return {
        "kind": Case.Kind.STRENGTHENING_FAMILIES,
        "practitioner": world.practitioner_a.pk,
        "team_leader": world.teamleader_a.pk,
        "opened_on": TODAY.isoformat(),
        "parents_agreed_on": TODAY.isoformat(),
        "assessment": _assessment(safety_threats=["Dad's drinking at night"]),
        **extra,
    }


def _open(client, child, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(_url(child), body, content_type=JSON, **headers)


def _cases(child):
    with scopes_disabled():
        return list(Case.objects.filter(child=child))


def test_a_strengthening_families_case_opens_with_its_assessment(world, client_for):
    child = ChildFactory(community=world.community_a)
    response = _open(client_for(world.practitioner_a), child, _sf_body(world))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == Case.Kind.STRENGTHENING_FAMILIES
    assert body["status"] == Case.Status.OPEN
    assert (body["child"], body["practitioner"]) == (child.pk, world.practitioner_a.pk)
    assert body["risk_level"] == "moderate"
    [case] = _cases(child)
    assert case.pk == body["id"]
    with scopes_disabled():
        assert RiskAssessment.objects.filter(case=case, assessor=world.practitioner_a).count() == 1
        assert SafetyThreat.objects.filter(assessment__case=case).count() == 1


def test_an_in_care_case_opens_without_an_assessment(world, client_for):
    child = ChildFactory(community=world.community_a)
    body = {
        "kind": Case.Kind.IN_CARE,
        "practitioner": world.practitioner_a.pk,
        "opened_on": TODAY.isoformat(),
        "dfv_risk": True,
    }
    response = _open(client_for(world.teamleader_a), child, body)
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == Case.Kind.IN_CARE
    assert response.json()["next_contact_due_on"] is not None
    [case] = _cases(child)
    assert case.dfv_risk and case.risk_level in ("", None)


def test_a_replay_answers_the_first_201_and_opens_no_second_case(world, client_for):
    child = ChildFactory(community=world.community_a)
    client = client_for(world.practitioner_a)
    key = str(uuid.uuid4())
    first = _open(client, child, _sf_body(world), key)
    assert first.status_code == 201, first.json()
    again = _open(client, child, _sf_body(world), key)
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert len(_cases(child)) == 1

    # The same key for another opening is refused, and records nothing.
    other = _open(client, child, _sf_body(world, dfv_risk=True), key)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert len(_cases(child)) == 1


def test_a_second_open_case_of_the_same_kind_is_refused(world, client_for):
    child = ChildFactory(community=world.community_a)
    client = client_for(world.practitioner_a)
    assert _open(client, child, _sf_body(world)).status_code == 201
    again = _open(client, child, _sf_body(world), str(uuid.uuid4()))
    assert again.status_code == 400
    assert "already has an open Strengthening Families case" in again.json()["detail"]
    assert len(_cases(child)) == 1


def test_refused_rules_answer_400_naming_each_field_and_record_nothing(world, client_for):
    child = ChildFactory(community=world.community_a)
    client = client_for(world.practitioner_a)
    key = str(uuid.uuid4())

    # Strengthening Families: no agreement; high risk without why the child is safe at home.
    body = _sf_body(world, parents_agreed_on=None, assessment=_assessment("high"))
    refused = _open(client, child, body, key)
    assert refused.status_code == 400
    assert set(refused.json()) == {"detail", "code", "errors"}
    messages = " ".join(refused.json()["errors"]["non_field_errors"])
    assert "parents agreed" in messages and "safely remain at home" in messages

    # A practitioner of another community; an assessment missing its level.
    body = _sf_body(world, practitioner=world.practitioner_b.pk)
    refused = _open(client, child, body)
    assert refused.status_code == 400
    assert "practitioner" in refused.json()["errors"]
    refused = _open(client, child, _sf_body(world, assessment={"assessed_on": "2026-01-01"}))
    assert refused.status_code == 400
    assert {"assessment.level", "assessment.next_reassessment_due_on"} <= set(
        refused.json()["errors"]
    )
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    refused = _open(client, child, _sf_body(world, parents_agreed_on=future))
    assert "future" in refused.json()["errors"]["parents_agreed_on"][0]
    assert _cases(child) == []

    # The refusal kept nothing under its key: the corrected opening goes through.
    corrected = _open(client, child, _sf_body(world), key)
    assert corrected.status_code == 201, corrected.json()


def test_another_communitys_child_is_not_found_and_a_coordinator_is_refused(world, client_for):
    foreign = ChildFactory(community=world.community_b)
    response = _open(client_for(world.practitioner_a), foreign, _sf_body(world))
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code", "errors"}
    assert _cases(foreign) == []

    child = ChildFactory(community=world.community_a)
    response = _open(client_for(world.coordinator_a), child, _sf_body(world))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert _cases(child) == []
