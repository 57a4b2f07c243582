"""Households: pages and API, members with their relationships, s12 nominations shown as
decision participants on care plans and closures."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from casework import services
from casework.models import Family, FamilyMember, RecordChange
from tests.factories import CaseFactory, ChildFactory, FamilyFactory, OrganisationFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


def test_create_a_household_on_the_page_then_add_and_edit_a_member(world, client_for):
    client = client_for(world.practitioner_a)
    organisation = OrganisationFactory()
    response = client.post(
        reverse("casework:family_create"),
        {
            "community": world.community_a.pk,
            "name": "Household A",
            "nominated_people": "Aunty May\nUncle Joe",
            "nominated_kinship_group": "Kinship group (synthetic)",
            "nominated_organisation": organisation.pk,
            "nominated_community": world.community_b.pk,
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        family = Family.objects.get(name="Household A")
    assert family.community == world.community_a
    child = ChildFactory(community=world.community_a)
    add = reverse("casework:family_member_add", args=[family.pk])
    refused = client.post(add, {"relationship": "parent"})
    assert refused.status_code == 200 and "Choose the child or name the person" in (
        refused.content.decode()
    )
    assert client.post(add, {"relationship": "child", "child": child.pk}).status_code == 302
    assert (
        client.post(
            add, {"relationship": "parent", "person_name": "Mum", "takes_part_in_decisions": "on"}
        ).status_code
        == 302
    )
    with scopes_disabled():
        member = FamilyMember.objects.get(person_name="Mum")
    edit = reverse("casework:family_member_update", args=[member.pk])
    response = client.post(
        edit, {"relationship": "carer", "person_name": "Mum", "reason": "She is the carer"}
    )
    assert response.status_code == 302
    page = client.get(reverse("casework:family_detail", args=[family.pk])).content.decode()
    assert "She is the carer" in page and "Carer" in page
    child_page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "Household A" in child_page


def test_decision_participants_on_care_plan_and_closure_pages(world, client_for):
    family = services.family_create(
        actor=world.practitioner_a,
        community=world.community_a,
        name="Household B",
        nominated_people="Aunty May",
        nominated_kinship_group="Kin group",
        members=[
            {"person_name": "Grandad", "relationship": "kin", "takes_part_in_decisions": True}
        ],
    )
    case = CaseFactory(
        child__community=world.community_a, practitioner=world.practitioner_a, family=family
    )
    client = client_for(world.practitioner_a)
    for name in ("casework:care_plan_record", "casework:closure_request"):
        page = client.get(reverse(name, args=[case.pk])).content.decode()
        assert "Aunty May" in page and "Grandad (kin)" in page and "Kin group" in page


def test_family_update_keeps_history(world):
    family = FamilyFactory(community=world.community_a, name="Old name")
    services.family_update(actor=world.practitioner_a, family=family, name="New", reason="Asked")
    with scopes_disabled():
        change = RecordChange.objects.get(record_type="casework.family")
    assert change.previous_values == {"name": "Old name"} and change.reason == "Asked"


def test_family_api_create_update_and_another_communitys_404(world, client_for):
    child = ChildFactory(community=world.community_a)
    client = client_for(world.practitioner_a)
    response = client.post(
        reverse("family-list"),
        {
            "community": world.community_a.pk,
            "name": "API household",
            "members": [{"child": child.pk, "relationship": "child"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    family_id = response.json()["id"]
    assert response.json()["members"][0]["child"] == child.pk
    response = client.patch(
        reverse("family-detail", args=[family_id]),
        {
            "nominated_people": "Aunty",
            "add_members": [{"person_name": "Dad", "relationship": "parent"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200 and len(response.json()["members"]) == 2
    other = FamilyFactory(community=world.community_b)
    assert client.get(reverse("family-detail", args=[other.pk])).status_code == 404
    refused = client.post(
        reverse("family-list"),
        {"community": world.community_b.pk, "name": "Elsewhere"},
        content_type="application/json",
    )
    assert refused.status_code == 400


def test_family_list_queries_do_not_grow(world, client_for, django_assert_max_num_queries):
    client = client_for(world.practitioner_a)
    FamilyFactory(community=world.community_a)
    client.get(reverse("family-list"))
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("family-list"))
    for _ in range(19):
        family = FamilyFactory(community=world.community_a)
        FamilyMember.objects.create(
            family=family, community=world.community_a, person_name="Kin", relationship="kin"
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("family-list"))
    assert response.status_code == 200
