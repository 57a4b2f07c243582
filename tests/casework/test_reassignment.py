"""Reassigning one case or a practitioner's whole caseload, and the case's details."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import services
from casework.models import Case, RecordChange
from partnerships.models import Role
from tests.factories import CaseFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def second_practitioner(world):
    user = UserFactory(username="practitioner.a2", display_name="Second practitioner")
    grant(user, Role.PRACTITIONER, world.community_a)
    return user


def cases_of(world, n, **kwargs):
    return [
        CaseFactory(
            child__community=world.community_a,
            practitioner=world.practitioner_a,
            kind=Case.Kind.IN_CARE,
            opened_on=TODAY - datetime.timedelta(days=30),
            next_contact_due_on=TODAY + datetime.timedelta(days=12 + i),
            **kwargs,
        )
        for i in range(n)
    ]


def test_a_caseload_moves_with_its_clocks_and_history(world, second_practitioner):
    open_cases = cases_of(world, 3)
    closed = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        status=Case.Status.CLOSED,
        closed_on=TODAY,
        opened_on=TODAY - datetime.timedelta(days=10),
    )
    moved = services.cases_reassign(
        actor=world.teamleader_a,
        community=world.community_a,
        from_practitioner=world.practitioner_a,
        to_practitioner=second_practitioner,
        reason="Going on leave",
    )
    assert sorted(c.pk for c in moved) == sorted(c.pk for c in open_cases)
    with scopes_disabled():
        for before in open_cases:
            after = Case.objects.get(pk=before.pk)
            assert after.practitioner == second_practitioner
            assert after.next_contact_due_on == before.next_contact_due_on  # the clock stays
        assert Case.objects.get(pk=closed.pk).practitioner == world.practitioner_a
        changes = RecordChange.objects.filter(record_type="casework.case")
        assert changes.count() == 3
        change = changes.first()
    assert change.reason == "Going on leave"
    assert change.previous_values["practitioner"]["id"] == world.practitioner_a.pk
    assert change.new_values["practitioner"]["id"] == second_practitioner.pk


def test_a_caseload_cannot_move_to_someone_outside_the_community(world):
    cases_of(world, 1)
    with pytest.raises(ValidationError) as error:
        services.cases_reassign(
            actor=world.teamleader_a,
            community=world.community_a,
            from_practitioner=world.practitioner_a,
            to_practitioner=world.practitioner_b,
            reason="Leaving",
        )
    assert "to_practitioner" in error.value.message_dict
    with scopes_disabled():
        assert not Case.objects.exclude(practitioner=world.practitioner_a).exists()


def test_only_a_team_leader_moves_a_caseload(world, second_practitioner):
    with pytest.raises(PermissionDenied):
        services.cases_reassign(
            actor=world.practitioner_a,
            community=world.community_a,
            from_practitioner=world.practitioner_a,
            to_practitioner=second_practitioner,
            reason="Leaving",
        )


def test_one_case_reassigned_by_a_practitioner_who_does_not_hold_it_is_refused(
    world, second_practitioner
):
    (case,) = cases_of(world, 1)
    with pytest.raises(PermissionDenied):
        services.case_update(actor=second_practitioner, case=case, practitioner=second_practitioner)
    services.case_update(
        actor=world.teamleader_a, case=case, practitioner=second_practitioner, reason="Workload"
    )
    with pytest.raises(ValidationError) as error:
        services.case_update(actor=world.teamleader_a, case=case, team_leader=world.teamleader_b)
    assert "team_leader" in error.value.message_dict


def test_removing_the_parents_agreement_from_an_open_sf_case_is_refused(world):
    case = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        parents_agreed_on=TODAY - datetime.timedelta(days=5),
        risk_level="high",
        safe_at_home_judgement="Grandmother lives in",
    )
    with pytest.raises(ValidationError) as error:
        services.case_update(actor=world.practitioner_a, case=case, parents_agreed_on=None)
    assert "parents_agreed_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_update(actor=world.practitioner_a, case=case, safe_at_home_judgement="")
    assert "safe_at_home_judgement" in error.value.message_dict
    # Moving the agreement date is fine; other details change freely.
    services.case_update(
        actor=world.practitioner_a,
        case=case,
        parents_agreed_on=TODAY - datetime.timedelta(days=6),
        dfv_risk=True,
        dfv_safety_plan="Safe house with aunty",
        reason="DFV disclosed",
    )
    with scopes_disabled():
        case.refresh_from_db()
    assert case.dfv_safety_plan == "Safe house with aunty"


def test_court_order_ends_before_it_starts_is_refused(world):
    (case,) = cases_of(world, 1)
    with pytest.raises(ValidationError) as error:
        services.case_update(
            actor=world.practitioner_a,
            case=case,
            youth_justice_involved=True,
            court_order_starts_on=TODAY,
            court_order_ends_on=TODAY - datetime.timedelta(days=1),
        )
    assert "court_order_ends_on" in error.value.message_dict
    services.case_update(
        actor=world.practitioner_a,
        case=case,
        youth_justice_involved=True,
        youth_justice_team=Case.YouthJusticeTeam.COMMUNITY,
        court_order_starts_on=TODAY,
        court_order_ends_on=TODAY,
    )


def test_reassign_page_and_api(world, client_for, second_practitioner):
    cases_of(world, 2)
    client = client_for(world.teamleader_a)
    url = reverse("casework:caseload_reassign")
    assert client.get(url).status_code == 200
    typed = {
        "community": world.community_a.pk,
        "from_practitioner": world.practitioner_a.pk,
        "to_practitioner": world.practitioner_a.pk,
        "reason": "Leaving",
    }
    response = client.post(url, typed)
    assert response.status_code == 200 and "someone else" in response.content.decode()
    typed["to_practitioner"] = second_practitioner.pk
    assert client.post(url, typed).status_code == 302
    with scopes_disabled():
        assert Case.objects.filter(practitioner=second_practitioner).count() == 2
    api = client.post(
        reverse("case-reassign"),
        {
            "community": world.community_a.pk,
            "from_practitioner": second_practitioner.pk,
            "to_practitioner": world.practitioner_b.pk,
            "reason": "Back",
        },
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "to_practitioner" in api.json()["errors"]


def test_case_patch_api(world, client_for):
    (case,) = cases_of(world, 1)
    client = client_for(world.practitioner_a)
    response = client.patch(
        reverse("case-detail", args=[case.pk]),
        {"aboriginal_community_worker": "A. Worker", "cultural_language_needs": "Interpreter"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    with scopes_disabled():
        assert RecordChange.objects.filter(record_id=case.pk).count() == 1
