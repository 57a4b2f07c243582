"""One person never holds an oversight role and a casework or coordinator role at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Membership, Role
from partnerships.services import membership_change, membership_grant, onboarding
from partnerships.services.access import roles_may_combine

from ..factories import UserFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_LEADER, Role.COORDINATOR])
def test_an_oversight_member_or_cochair_cannot_be_given_a_community_role(world, role):
    for persona in ("oversight_member", "cochair"):
        with pytest.raises(ValidationError) as refused:
            membership_grant(
                actor=world.administrator,
                user=world.users[persona],
                role=role,
                community=world.community_a,
            )
        message = " ".join(refused.value.message_dict["role"])
        assert "cannot also hold" in message and "oversight" in message
    assert not Membership.objects.filter(role=role, user__username__in=["oversight.member"])


@pytest.mark.parametrize("role", [Role.OVERSIGHT_MEMBER, Role.OVERSIGHT_COCHAIR])
def test_casework_and_coordinator_staff_cannot_be_given_an_oversight_role(world, role):
    for persona in ("practitioner_a", "teamleader_a", "coordinator_a"):
        with pytest.raises(ValidationError):
            membership_grant(actor=world.administrator, user=world.users[persona], role=role)


def test_administrators_hold_no_other_role(world):
    with pytest.raises(ValidationError):
        membership_grant(
            actor=world.administrator,
            user=world.administrator,
            role=Role.TEAM_LEADER,
            community=world.community_a,
        )
    with pytest.raises(ValidationError):
        membership_grant(
            actor=world.administrator, user=world.teamleader_a, role=Role.ADMINISTRATOR
        )


def test_roles_of_one_family_still_combine(world):
    membership_grant(
        actor=world.administrator,
        user=world.practitioner_a,
        role=Role.TEAM_LEADER,
        community=world.community_b,
    )
    membership_grant(actor=world.administrator, user=world.cochair, role=Role.OVERSIGHT_MEMBER)
    assert roles_may_combine(Role.OVERSIGHT_MEMBER, Role.OVERSIGHT_COCHAIR)
    assert not roles_may_combine(Role.OVERSIGHT_COCHAIR, Role.COORDINATOR)


def test_a_role_that_starts_after_the_other_ends_is_allowed(world):
    user = UserFactory()
    membership_grant(
        actor=world.administrator,
        user=user,
        role=Role.OVERSIGHT_MEMBER,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 1, 1),
    )
    membership_grant(
        actor=world.administrator,
        user=user,
        role=Role.PRACTITIONER,
        community=world.community_a,
        starts_on=datetime.date(2025, 1, 1),
    )
    # A future role overlapping an open-ended one is refused too.
    with pytest.raises(ValidationError):
        membership_grant(
            actor=world.administrator,
            user=user,
            role=Role.OVERSIGHT_COCHAIR,
            starts_on=datetime.date(2030, 1, 1),
        )


def test_extending_or_changing_a_membership_into_a_conflict_is_refused(world):
    user = UserFactory()
    earlier = membership_grant(
        actor=world.administrator,
        user=user,
        role=Role.PRACTITIONER,
        community=world.community_a,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 1, 1),
    )
    membership_grant(
        actor=world.administrator,
        user=user,
        role=Role.OVERSIGHT_MEMBER,
        starts_on=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError):
        membership_change(actor=world.administrator, membership=earlier, ends_on=None)
    earlier.refresh_from_db()
    assert earlier.ends_on == datetime.date(2025, 1, 1)


def test_the_grant_page_refuses_beside_the_role_and_grants_nothing(world, client_for):
    client = client_for(world.administrator)
    url = reverse("partnerships:admin_access", args=["wadeye"])
    response = client.post(
        url,
        {
            "existing_user": world.cochair.pk,
            "role": "practitioner",
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "cannot also hold" in body
    assert not Membership.objects.filter(user=world.cochair, role=Role.PRACTITIONER).exists()


def test_the_change_page_refuses_a_role_that_conflicts(world, client_for):
    # A coordinator moved to "team leader" stays in one family: allowed. The co-chair is
    # given a community role through the change of an ended practitioner membership.
    user = UserFactory()
    old = membership_grant(
        actor=world.administrator,
        user=user,
        role=Role.PRACTITIONER,
        community=world.community_a,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 1),
    )
    membership_grant(
        actor=world.administrator,
        user=user,
        role=Role.OVERSIGHT_COCHAIR,
        starts_on=datetime.date(2024, 6, 1),
    )
    client = client_for(world.administrator)
    url = reverse("partnerships:admin_membership", args=[old.pk])
    response = client.post(url, {"role": "team_leader", "ends_on": ""})
    assert response.status_code == 200
    assert "cannot also hold" in response.content.decode()


def test_onboarding_grants_through_the_same_service():
    # The onboarding page, file and command all call ``community_onboard``, which grants
    # each staff member's role with the one membership service.
    assert onboarding.membership_grant is membership_grant
