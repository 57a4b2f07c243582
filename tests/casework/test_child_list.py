"""The children list: filters, only the user's communities, paging, audit, query counts."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework.models import Case, Child
from tests.factories import CaseFactory, ChildFactory
from tests.queries import session_reads

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


def listed(client, **params):
    response = client.get(reverse("casework:child_list"), params)
    assert response.status_code == 200
    return [child.pk for child, _kinds in response.context["rows"]]


def test_filters(world, client_for):
    no_case = ChildFactory(community=world.community_a)
    in_care = CaseFactory(child__community=world.community_a).child
    sf = CaseFactory(
        child__community=world.community_a,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        child__residence=Child.Residence.BOARDING_SCHOOL_INTERSTATE,
    ).child
    foreign = ChildFactory(community=world.community_b)
    client = client_for(world.practitioner_a)

    assert sorted(listed(client)) == sorted([no_case.pk, in_care.pk, sf.pk])
    assert listed(client, open_case="none") == [no_case.pk]
    assert listed(client, open_case=Case.Kind.IN_CARE) == [in_care.pk]
    assert listed(client, open_case=Case.Kind.STRENGTHENING_FAMILIES) == [sf.pk]
    assert listed(client, residence=Child.Residence.BOARDING_SCHOOL_INTERSTATE) == [sf.pk]
    assert listed(client, community=world.community_b.pk) == []  # not theirs: nobody
    assert foreign.pk not in listed(client)
    html = client.get(reverse("casework:child_list")).content.decode()
    assert "Child in care" in html and "None" in html


def test_a_child_whose_case_closed_has_no_open_case(world, client_for):
    case = CaseFactory(child__community=world.community_a)
    with scopes_disabled():
        Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=case.opened_on)
    assert listed(client_for(world.practitioner_a), open_case="none") == [case.child_id]


def test_list_is_audited(world, client_for):
    child = ChildFactory(community=world.community_a)
    listed(client_for(world.practitioner_a))
    with scopes_disabled():
        event = AuditEvent.objects.filter(detail__what="child_list").get()
    assert event.detail["child_ids"] == [child.pk]
    assert event.community_id == world.community_a.pk


def test_refused_without_casework(world, client_for):
    assert client_for(world.coordinator_a).get(reverse("casework:child_list")).status_code == 403


@pytest.mark.parametrize("count", [1, 20])
def test_query_count_does_not_grow(world, client_for, django_assert_num_queries, count):
    for _n in range(count):
        CaseFactory(child__community=world.community_a)
    client = client_for(world.practitioner_a)
    client.get(reverse("casework:my_caseload"))
    with django_assert_num_queries(QUERIES_LIST + session_reads()):
        assert len(listed(client)) == count


QUERIES_LIST = 8
