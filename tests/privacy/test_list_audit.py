"""Every list that shows identified children records which children it showed."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from audit.models import AuditEvent

from ..factories import CaseFactory, ChildFactory, ContactFactory

pytestmark = pytest.mark.django_db


def _list_reads(what):
    with scopes_disabled():
        return list(
            AuditEvent.objects.filter(action=AuditEvent.Action.READ, detail__what=what).order_by(
                "id"
            )
        )


def _cases(world):
    mine = [
        CaseFactory(
            child=ChildFactory(community=world.community_a), practitioner=world.practitioner_a
        )
        for _ in range(3)
    ]
    CaseFactory(child=ChildFactory(community=world.community_b), practitioner=world.practitioner_b)
    return mine


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("/api/v1/children/", "api_child_list"),
        ("/api/v1/cases/", "api_case_list"),
        ("/api/v1/contacts/", "api_contact_list"),
    ],
)
def test_api_lists_record_the_children_they_return(world, client_for, url, what):
    cases = _cases(world)
    client = client_for(world.practitioner_a)
    for case in cases:
        ContactFactory(case=case)
    response = client.get(url)
    assert response.status_code == 200
    (event,) = _list_reads(what)
    assert set(event.detail["child_ids"]) == {case.child_id for case in cases}
    assert event.actor == world.practitioner_a
    assert event.community_id == world.community_a.pk


def test_my_and_team_caseload_record_the_children_shown(world, client_for):
    cases = _cases(world)
    assert client_for(world.practitioner_a).get(reverse("casework:my_caseload")).status_code == 200
    (event,) = _list_reads("my_caseload")
    assert sorted(event.detail["child_ids"]) == sorted(case.child_id for case in cases)
    assert client_for(world.teamleader_a).get(reverse("casework:team_caseload")).status_code == 200
    (event,) = _list_reads("team_caseload")
    assert sorted(event.detail["child_ids"]) == sorted(case.child_id for case in cases)


def test_the_contact_history_page_records_its_child(world, client_for):
    case = _cases(world)[0]
    url = reverse("casework:case_contacts", args=[case.pk])
    assert client_for(world.practitioner_a).get(url).status_code == 200
    with scopes_disabled():
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.READ, child_id=case.child_id
        ).exists()
