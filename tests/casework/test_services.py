"""Casework services: the rules applied on write, who may write, and the audit trail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import rules, services
from casework.models import Case, CaseTask, Child, ContactKind, RiskLevel
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ContactFactory,
    RiskAssessmentFactory,
    SafetyThreatFactory,
)

from .service_cases import TODAY, in_care, open_sf

pytestmark = pytest.mark.django_db


# --- opening -----------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["low", "moderate"])
def test_sf_opens_at_low_and_moderate_risk_with_agreement(world, level):
    case = open_sf(world, level)
    assert case.risk_level == level
    assert case.next_reassessment_due_on == TODAY + datetime.timedelta(days=90)
    assert case.next_contact_due_on is None  # the six-week rule is for children in care


@pytest.mark.parametrize("level", ["high", "very_high"])
def test_sf_at_high_risk_needs_safe_at_home_judgement(world, level):
    with pytest.raises(ValidationError) as error:
        open_sf(world, level)
    assert "safely remain at home" in str(error.value)
    case = open_sf(world, level, judgement="Aunt lives in and supervises contact.")
    assert case.risk_level == level


def test_sf_needs_parents_agreement(world):
    with pytest.raises(ValidationError, match="parents agreed"):
        open_sf(world, "low", agreed=False)
    with scopes_disabled():
        assert Case.objects.count() == 0


def test_sf_records_the_assessment_and_threats(world):
    case = open_sf(world, "moderate", threats=["Unsafe sleeping arrangements"])
    with scopes_disabled():
        latest = case.risk_assessments.get()
        assert latest.safety_threats.count() == 1


def test_outsider_cannot_open_a_case(world):
    child = ChildFactory(community=world.community_a)
    for persona in ("practitioner_b", "coordinator_a", "oversight_member"):
        with pytest.raises(PermissionDenied):
            services.case_open_in_care(
                actor=world.users[persona],
                child=child,
                practitioner=world.practitioner_a,
                opened_on=TODAY,
            )


def test_case_practitioner_must_work_in_the_community(world):
    child = ChildFactory(community=world.community_a)
    with pytest.raises(ValidationError) as error:
        services.case_open_in_care(
            actor=world.practitioner_a,
            child=child,
            practitioner=world.practitioner_b,
            opened_on=TODAY,
        )
    assert "practitioner" in error.value.message_dict


def test_in_care_opening_sets_contact_due(world):
    child = ChildFactory(community=world.community_a)
    case = services.case_open_in_care(
        actor=world.practitioner_a, child=child, practitioner=world.practitioner_a, opened_on=TODAY
    )
    assert case.next_contact_due_on == TODAY + rules.SIX_WEEKS
    with pytest.raises(ValidationError, match="already has an open"):
        services.case_open_in_care(
            actor=world.practitioner_a,
            child=child,
            practitioner=world.practitioner_a,
            opened_on=TODAY,
        )


# --- risk --------------------------------------------------------------------------------


def test_reassessment_updates_case(world):
    case = open_sf(world, "moderate")
    services.risk_assessment_record(
        actor=world.practitioner_a,
        case=case,
        assessed_on=TODAY,
        level=RiskLevel.HIGH,
        next_reassessment_due_on=TODAY + datetime.timedelta(days=30),
        imminent_risk_of_removal=True,
    )
    with scopes_disabled():
        case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH
    assert case.imminent_risk_of_removal is True
    assert case.next_reassessment_due_on == TODAY + datetime.timedelta(days=30)


def test_future_assessment_refused(world):
    case = open_sf(world)
    with pytest.raises(ValidationError) as error:
        services.risk_assessment_record(
            actor=world.practitioner_a,
            case=case,
            assessed_on=TODAY + datetime.timedelta(days=1),
            level="low",
            next_reassessment_due_on=TODAY + datetime.timedelta(days=30),
        )
    assert "assessed_on" in error.value.message_dict


# --- closure -----------------------------------------------------------------------------


def test_closure_refused_naming_each_unmet_condition(world):
    case = open_sf(world, "high", threats=["Violence in the home"], judgement="Safety plan.")
    with pytest.raises(ValidationError) as error:
        services.case_request_closure(
            actor=world.practitioner_a, case=case, reason="Going well", parents_capacity_note=""
        )
    messages = error.value.messages
    assert any("latest risk is high" in m for m in messages)
    assert any("1 safety threat is not resolved" in m for m in messages)
    assert any("parents" in m for m in messages)


def test_closure_requested_then_approved_by_team_leader(world):
    case = open_sf(world, "moderate", threats=["Food insecurity"])
    with scopes_disabled():
        threat = case.risk_assessments.get().safety_threats.get()
    services.safety_threat_resolve(actor=world.practitioner_a, threat=threat)
    services.case_request_closure(
        actor=world.practitioner_a,
        case=case,
        reason="Goals met",
        parents_capacity_note="Parents engaged with the school and clinic.",
    )
    assert case.status == Case.Status.CLOSURE_REQUESTED
    with pytest.raises(PermissionDenied):
        services.case_approve_closure(actor=world.practitioner_a, case=case)
    with pytest.raises(PermissionDenied):
        services.case_approve_closure(actor=world.teamleader_b, case=case)
    services.case_approve_closure(actor=world.teamleader_a, case=case)
    assert case.status == Case.Status.CLOSED
    assert case.closed_on == TODAY


def test_closure_only_on_the_latest_assessment(world):
    case = open_sf(world, "high", threats=["Old threat"], judgement="Safe with kin.")
    # A newer assessment at moderate risk with no threats: the old threat no longer counts.
    services.risk_assessment_record(
        actor=world.practitioner_a,
        case=case,
        assessed_on=TODAY,
        level="moderate",
        next_reassessment_due_on=TODAY + datetime.timedelta(days=60),
    )
    services.case_request_closure(
        actor=world.practitioner_a, case=case, reason="r", parents_capacity_note="Able."
    )


def test_send_back_shows_reason_and_reopens(world):
    case = open_sf(world, "low")
    services.case_request_closure(
        actor=world.practitioner_a, case=case, reason="r", parents_capacity_note="Able."
    )
    with pytest.raises(ValidationError, match="why"):
        services.case_send_back_closure(actor=world.teamleader_a, case=case, reason="")
    services.case_send_back_closure(
        actor=world.teamleader_a, case=case, reason="Check school attendance first."
    )
    assert case.status == Case.Status.OPEN
    assert case.closure_sent_back_reason == "Check school attendance first."


def test_approval_rechecks_the_conditions(world):
    case = open_sf(world, "low")
    services.case_request_closure(
        actor=world.practitioner_a, case=case, reason="r", parents_capacity_note="Able."
    )
    RiskAssessmentFactory(case=case, assessed_on=TODAY, level="very_high")
    with pytest.raises(ValidationError, match="very high"):
        services.case_approve_closure(actor=world.teamleader_a, case=case)


# --- withdrawal of agreement -------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "opens_task"),
    [("low", False), ("moderate", True), ("high", True), ("very_high", True)],
)
def test_withdrawal_at_each_risk_level(world, level, opens_task):
    case = open_sf(world, level, judgement="Safe with kin.")
    task = services.parent_withdraw_agreement(
        actor=world.practitioner_a, case=case, withdrawn_on=TODAY
    )
    assert (task is not None) is opens_task
    if task:
        assert task.status == CaseTask.Status.OPEN
        assert task.assigned_to == world.teamleader_a
        with pytest.raises(PermissionDenied):
            services.case_task_decide(actor=world.practitioner_a, task=task, decision="x")
        with pytest.raises(ValidationError):
            services.case_task_decide(actor=world.teamleader_a, task=task, decision=" ")
        services.case_task_decide(
            actor=world.teamleader_a, task=task, decision="Safety planning meeting booked."
        )
        assert task.status == CaseTask.Status.DECIDED


# --- referrals and plans -----------------------------------------------------------------


def test_ifps_referral_needs_a_location(world):
    case = open_sf(world, "moderate")
    with pytest.raises(ValidationError) as error:
        services.referral_create(
            actor=world.practitioner_a, case=case, service="ifps", referred_on=TODAY
        )
    assert "Nhulunbuy" in error.value.message_dict["ifps_location"][0]
    referral = services.referral_create(
        actor=world.practitioner_a,
        case=case,
        service="ifps",
        ifps_location="katherine",
        referred_on=TODAY,
    )
    services.referral_update(actor=world.practitioner_a, referral=referral, status="accepted")
    assert referral.status == "accepted"


def test_care_plan_for_child_interstate_needs_return_visit_arrangements(world):
    case = CaseFactory(
        child__community=world.community_a,
        child__residence=Child.Residence.BOARDING_SCHOOL_INTERSTATE,
        practitioner=world.practitioner_a,
    )
    with pytest.raises(ValidationError) as error:
        services.care_plan_record(
            actor=world.practitioner_a, case=case, review_due_on=TODAY + datetime.timedelta(days=90)
        )
    assert "return_visit_arrangements" in error.value.message_dict
    plan = services.care_plan_record(
        actor=world.practitioner_a,
        case=case,
        review_due_on=TODAY + datetime.timedelta(days=90),
        return_visit_arrangements="Seen at the airport and at home each holiday.",
        actions=[{"description": "Book flights", "owner": "Practitioner", "due_on": TODAY}],
    )
    with scopes_disabled():
        assert plan.actions.count() == 1
        action = plan.actions.get()
    services.care_plan_update(actor=world.practitioner_a, care_plan=plan, actions_done=[action.pk])
    with scopes_disabled():
        action.refresh_from_db()
    assert action.done_on == TODAY


def test_child_update_refreshes_due_when_moving_interstate(world):
    case = in_care(world)
    assert case.next_contact_due_on is not None
    services.child_update(
        actor=world.practitioner_a,
        child=case.child,
        residence=Child.Residence.INTERSTATE,
        reason="Moved to live with an aunt in Adelaide",
    )
    with scopes_disabled():
        case.refresh_from_db()
    assert case.next_contact_due_on is None


def test_family_with_members_and_decision_participants(world):
    child = ChildFactory(community=world.community_a)
    family = services.family_create(
        actor=world.practitioner_a,
        community=world.community_a,
        name="Demo household",
        nominated_people="Aunty (synthetic)",
        members=[
            {"child": child, "relationship": "child"},
            {
                "person_name": "Parent (synthetic)",
                "relationship": "parent",
                "takes_part_in_decisions": True,
            },
        ],
    )
    with scopes_disabled():
        assert family.members.count() == 2
    other = ChildFactory(community=world.community_b)
    with pytest.raises(ValidationError):
        services.family_update(
            actor=world.practitioner_a,
            family=family,
            add_members=[{"child": other, "relationship": "sibling"}],
        )
    assert SafetyThreatFactory  # factories importable


def test_amending_kind_away_from_third_party_clears_and_keeps_the_name(world):
    case = in_care(world)
    contact = services.contact_log(
        actor=world.practitioner_a,
        case=case,
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        kind=ContactKind.FACE_TO_FACE_THIRD_PARTY,
        third_party_name="R. Worker",
        third_party_organisation="Demo ACCO",
    )
    amendment = services.contact_amend(
        actor=world.practitioner_a, contact=contact, reason="It was a phone call", kind="phone"
    )
    assert contact.third_party_name == ""
    assert amendment.previous_values == {
        "kind": "f2f_third_party",
        "third_party_name": "R. Worker",
        "third_party_organisation": "Demo ACCO",
    }
    assert case.contact_status(TODAY) == rules.ContactStatus.OVERDUE


def test_database_refuses_a_record_filed_under_another_community(world):
    case = in_care(world)
    with pytest.raises(DatabaseError, match="differs from its casework_case"), transaction.atomic():
        ContactFactory(case=case, community=world.community_b)
    with pytest.raises(DatabaseError, match="differs"), transaction.atomic():
        CaseFactory(child=case.child, community=world.community_b)
