import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from partnerships.models import GovernanceTier, PriorityAction

from ..factories import (
    GovernanceTierFactory,
    IndicatorFactory,
    LocalPriorityFactory,
    PriorityActionFactory,
    TierMemberFactory,
)

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def _api(user):
        client = APIClient()
        # A session, as in the browser: the fence opens the caller's scope before the view.
        client.force_login(user)
        return client

    return _api


def test_lists_hold_only_the_callers_communities(world, api):
    GovernanceTierFactory(partnership=world.community_a.partnership, name="A group")
    GovernanceTierFactory(partnership=world.community_b.partnership, name="B group")
    listed = api(world.practitioner_a).get("/api/v1/governance-tiers/").json()["results"]
    assert [t["name"] for t in listed] == ["A group"]
    for persona in ("oversight_member", "administrator"):
        listed = api(world.users[persona]).get("/api/v1/governance-tiers/").json()
        assert listed["results"] == []


def test_coordinator_creates_a_tier_in_their_own_partnership_only(world, api):
    body = {"partnership": world.community_a.partnership.pk, "kind": "open_forum", "name": "Forum"}
    assert api(world.practitioner_a).post("/api/v1/governance-tiers/", body).status_code == 403
    response = api(world.coordinator_a).post("/api/v1/governance-tiers/", body)
    assert response.status_code == 201, response.json()
    assert response.json()["community"] == world.community_a.pk
    # Another community's partnership is refused like an unknown one.
    other = {**body, "partnership": world.community_b.partnership.pk, "name": "Other"}
    response = api(world.coordinator_a).post("/api/v1/governance-tiers/", other)
    assert response.status_code == 400 and "partnership" in response.json()["errors"]
    unknown = {**body, "partnership": 999999, "name": "Other"}
    refused = api(world.coordinator_a).post("/api/v1/governance-tiers/", unknown).json()
    assert refused["errors"]["partnership"][0].replace("999999", "X") == response.json()["errors"][
        "partnership"
    ][0].replace(str(world.community_b.partnership.pk), "X")
    duplicate = api(world.coordinator_a).post("/api/v1/governance-tiers/", body)
    assert duplicate.status_code == 400
    # The service's refusal comes back in the one error body, with the rule's message.
    assert duplicate.json()["code"] == "invalid"
    assert "already has a tier with this name" in str(duplicate.json()["errors"])


def test_member_for_another_communitys_tier_is_refused(world, api):
    tier_b = GovernanceTierFactory(partnership=world.community_b.partnership)
    response = api(world.coordinator_a).post(
        "/api/v1/tier-members/",
        {"tier": tier_b.pk, "person_name": "X", "starts_on": "2025-01-01"},
    )
    assert response.status_code == 400 and "tier" in response.json()["errors"]
    with scopes_disabled():
        assert not tier_b.members.exists()


def test_member_records_aboriginal_participation(world, api):
    tier = GovernanceTierFactory(partnership=world.community_a.partnership)
    response = api(world.coordinator_a).post(
        "/api/v1/tier-members/",
        {
            "tier": tier.pk,
            "person_name": "Elder",
            "position": "Co-chair",
            "is_aboriginal_community_member": True,
            "starts_on": "2025-01-01",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["is_aboriginal_community_member"] is True


def test_action_status_is_changed_by_coordinators(world, api):
    action = PriorityActionFactory(priority__partnership=world.community_a.partnership)
    url = f"/api/v1/priority-actions/{action.pk}/"
    assert api(world.practitioner_a).patch(url, {"status": "done"}).status_code == 403
    response = api(world.coordinator_a).patch(url, {"status": "done"})
    assert response.status_code == 200
    assert response.json()["completed_on"] is not None
    assert api(world.coordinator_a).patch(url, {"status": "finished"}).status_code == 400
    assert api(world.coordinator_b).patch(url, {"status": "planned"}).status_code == 404
    action.refresh_from_db()
    assert action.status == PriorityAction.Status.DONE


def test_case_records_setting_through_the_api(world, api):
    url = f"/api/v1/communities/{world.community_a.slug}/case-records/"
    assert api(world.practitioner_a).post(url, {"keeps_case_records": False}).status_code == 403
    # Its coordinators no longer switch it: administrators only.
    assert api(world.coordinator_a).post(url, {"keeps_case_records": False}).status_code == 403
    response = api(world.administrator).post(url, {"keeps_case_records": False}, format="json")
    assert response.status_code == 200
    assert response.json()["partnership"]["keeps_case_records"] is False


def test_computing_a_source_no_longer_offered_answers_400(world, api):
    indicator = IndicatorFactory(partnership=world.community_a.partnership, source_key="retired")
    response = api(world.coordinator_a).post(
        f"/api/v1/indicators/{indicator.pk}/compute/",
        {"start": "2025-01-01", "end": "2025-03-31"},
    )
    assert response.status_code == 400
    assert "no longer offered" in response.json()["errors"]["non_field_errors"][0]


def test_priority_from_another_partnership_is_refused_for_an_indicator(world, api):
    other = LocalPriorityFactory(partnership=world.community_b.partnership)
    response = api(world.coordinator_a).post(
        "/api/v1/indicators/",
        {
            "partnership": world.community_a.partnership.pk,
            "name": "X",
            "definition": "Y",
            "unit": "%",
            "target": "5",
            "priority": other.pk,
        },
    )
    # Another community's priority is refused like an unknown id.
    assert response.status_code == 400 and "priority" in response.json()["errors"]


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/governance-tiers/", lambda p: GovernanceTierFactory(partnership=p)),
        ("/api/v1/tier-members/", lambda p: TierMemberFactory(tier__partnership=p)),
        ("/api/v1/priority-actions/", lambda p: PriorityActionFactory(priority__partnership=p)),
    ],
)
def test_api_lists_cost_the_same_queries_at_one_and_many(world, api, url, make):
    client = api(world.practitioner_a)
    make(world.community_a.partnership)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = count()
    for _ in range(5):
        make(world.community_a.partnership)
    assert count() == one
    assert GovernanceTier.Kind.OPEN_FORUM == "open_forum"
