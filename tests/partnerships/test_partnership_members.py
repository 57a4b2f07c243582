"""A Partnership's members after onboarding: added and ended, ended ones kept as history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from partnerships import services
from partnerships.models import Organisation, PartnershipMember

from ..factories import GovernanceTierFactory, PartnershipMemberFactory, TierMemberFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_a_member_with_a_new_organisation(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("partnerships:partnership_members", kwargs={"slug": world.community_a.slug})
    response = client.post(
        url,
        {
            "organisation_name": "Thamarrurr Youth",
            "organisation_kind": "acco",
            "role": "Youth programs",
            "starts_on": "2026-11-01",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        member = PartnershipMember.objects.get(organisation__name="Thamarrurr Youth")
    assert member.community == world.community_a and member.organisation.kind == "acco"
    assert AuditEvent.objects.filter(
        object_type="partnerships.partnershipmember", action="create", actor=world.coordinator_a
    ).exists()


def test_bad_input_is_said_beside_the_field_and_kept(world, client):
    client.force_login(world.coordinator_a)
    url = reverse("partnerships:partnership_members", kwargs={"slug": world.community_a.slug})
    response = client.post(url, {"organisation_name": "New Org", "starts_on": "2026-11-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say what kind of organisation" in page and 'value="New Org"' in page
    assert not Organisation.objects.filter(name="New Org").exists()


def test_ending_asks_for_the_date_then_keeps_the_member_as_ended(world, client):
    member = PartnershipMemberFactory(partnership=world.community_a.partnership)
    client.force_login(world.coordinator_a)
    slug = world.community_a.slug
    end = reverse("partnerships:partnership_member_end", kwargs={"slug": slug, "pk": member.pk})
    page = client.get(end).content.decode()
    assert timezone.localdate().isoformat() in page  # the date, default today
    with scopes_disabled():
        member.refresh_from_db()
    assert member.ends_on is None
    assert client.post(end, {"ends_on": "2026-11-15"}).status_code == 302
    with scopes_disabled():
        member.refresh_from_db()
    assert member.ends_on == datetime.date(2026, 11, 15)
    assert member.ended_by == world.coordinator_a and member.ended_at
    listing = client.get(
        reverse("partnerships:partnership_members", kwargs={"slug": slug})
    ).content.decode()
    assert str(member) in listing and "15 Nov 2026" in listing and "coordinator_a" in listing


def test_the_service_refuses_an_end_before_the_start_or_twice(world):
    member = PartnershipMemberFactory(partnership=world.community_a.partnership)
    with pytest.raises(ValidationError, match="cannot be before"):
        services.partnership_member_end(
            actor=world.coordinator_a, member=member, ends_on=datetime.date(2023, 1, 1)
        )
    services.partnership_member_end(actor=world.coordinator_a, member=member)
    with pytest.raises(ValidationError, match="already left"):
        services.partnership_member_end(actor=world.coordinator_a, member=member)


@pytest.mark.parametrize("persona", ["practitioner_a", "coordinator_b", "cochair"])
def test_others_cannot_add_or_end(world, persona):
    partnership = world.community_a.partnership
    member = PartnershipMemberFactory(partnership=partnership)
    with pytest.raises(PermissionDenied):
        services.partnership_member_add(
            actor=world.users[persona], partnership=partnership, person_name="X"
        )
    with pytest.raises(PermissionDenied):
        services.partnership_member_end(actor=world.users[persona], member=member)


def test_the_administrator_manages_members_of_any_community(world, client):
    client.force_login(world.administrator)
    url = reverse("partnerships:partnership_members", kwargs={"slug": world.community_b.slug})
    response = client.post(url, {"person_name": "Elder Y.", "starts_on": "2026-11-01"})
    assert response.status_code == 302
    with scopes_disabled():
        assert PartnershipMember.objects.filter(
            community=world.community_b, person_name="Elder Y."
        ).exists()


def test_the_api_adds_and_ends(world, client):
    client.force_login(world.coordinator_a)
    partnership = world.community_a.partnership
    created = client.post(
        reverse("partnership-member-list"),
        {"partnership": partnership.pk, "person_name": "Elder Z.", "is_community_leader": True},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    end = reverse("partnership-member-end", kwargs={"pk": created.json()["id"]})
    ended = client.post(end, {}, content_type="application/json")
    assert ended.status_code == 200
    assert ended.json()["ends_on"] == timezone.localdate().isoformat()
    assert ended.json()["ended_by"] == str(world.coordinator_a)
    again = client.post(end, {}, content_type="application/json")
    assert again.status_code == 400 and "already left" in again.json()["errors"]["ends_on"][0]
    # Another community's Partnership is not a choice.
    foreign = client.post(
        reverse("partnership-member-list"),
        {"partnership": world.community_b.partnership.pk, "person_name": "Q"},
        content_type="application/json",
    )
    assert foreign.status_code == 400


def test_a_tier_member_leaves_on_a_confirmation_page_not_in_one_click(world, client):
    tier = GovernanceTierFactory(partnership=world.community_a.partnership)
    member = TierMemberFactory(tier=tier)
    client.force_login(world.coordinator_a)
    slug = world.community_a.slug
    tier_page = client.get(
        reverse("partnerships:tier_detail", kwargs={"slug": slug, "pk": tier.pk})
    ).content.decode()
    end = reverse(
        "partnerships:tier_member_end", kwargs={"slug": slug, "pk": tier.pk, "member_pk": member.pk}
    )
    assert "Left today" not in tier_page and end in tier_page
    assert timezone.localdate().isoformat() in client.get(end).content.decode()
    assert client.post(end, {"ends_on": "2026-11-20"}).status_code == 302
    with scopes_disabled():
        member.refresh_from_db()
    assert member.ends_on == datetime.date(2026, 11, 20)
