import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partnerships.models import Membership, Role
from partnerships.selectors import community_ids_in_scope
from partnerships.services import membership_change, membership_end, membership_grant

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_grant_gives_guardian_permissions_on_the_community(world):
    user = UserFactory()
    membership_grant(
        actor=world.administrator, user=user, role=Role.TEAM_LEADER, community=world.community_a
    )
    user = _fresh(user)
    assert user.has_perm("partnerships.lead_team", world.community_a)
    assert user.has_perm("partnerships.work_casework", world.community_a)
    assert not user.has_perm("partnerships.work_casework", world.community_b)
    assert community_ids_in_scope(user) == [world.community_a.pk]


def test_grant_is_audited_with_who_granted_it(world):
    user = UserFactory()
    membership = membership_grant(
        actor=world.administrator, user=user, role=Role.PRACTITIONER, community=world.community_b
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.ACCESS_CHANGE, object_id=membership.pk)
    assert event.actor == world.administrator
    assert event.detail["change"] == "granted"
    assert membership.granted_by == world.administrator


def test_only_administrators_change_access(world):
    with pytest.raises(PermissionDenied):
        membership_grant(
            actor=world.teamleader_a,
            user=UserFactory(),
            role=Role.PRACTITIONER,
            community=world.community_a,
        )


def test_community_role_needs_a_community(world):
    with pytest.raises(ValidationError) as error:
        membership_grant(actor=world.administrator, user=UserFactory(), role=Role.PRACTITIONER)
    assert "community" in error.value.message_dict


def test_oversight_role_never_opens_a_community(world):
    membership = membership_grant(
        actor=world.administrator,
        user=UserFactory(),
        role=Role.OVERSIGHT_MEMBER,
        community=world.community_a,
    )
    assert membership.community is None
    assert community_ids_in_scope(membership.user) == []


def test_duplicate_active_membership_is_refused(world):
    with pytest.raises(ValidationError, match="already has this role"):
        membership_grant(
            actor=world.administrator,
            user=world.practitioner_a,
            role=Role.PRACTITIONER,
            community=world.community_a,
        )


def test_ending_a_membership_takes_effect_on_the_next_request(world, client):
    client.force_login(world.practitioner_a)
    url = reverse("partnerships:community_detail", args=[world.community_a.slug])
    assert client.get(url).status_code == 200

    membership = Membership.objects.get(user=world.practitioner_a, community=world.community_a)
    membership_end(actor=world.administrator, membership=membership)

    assert client.get(url).status_code == 404
    user = _fresh(world.practitioner_a)
    assert not user.has_perm("partnerships.work_in_community", world.community_a)


def test_deactivated_user_is_signed_out_on_the_next_request(world, client):
    client.force_login(world.practitioner_a)
    world.practitioner_a.is_active = False
    world.practitioner_a.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_membership_in_the_future_or_past_gives_no_access(world):
    today = timezone.localdate()
    user = UserFactory()
    membership_grant(
        actor=world.administrator,
        user=user,
        role=Role.PRACTITIONER,
        community=world.community_a,
        starts_on=today + datetime.timedelta(days=1),
    )
    assert community_ids_in_scope(_fresh(user)) == []


def test_change_role_keeps_permissions_in_step(world):
    membership = Membership.objects.get(user=world.practitioner_a)
    membership_change(actor=world.administrator, membership=membership, role=Role.COORDINATOR)
    user = _fresh(world.practitioner_a)
    assert user.has_perm("partnerships.coordinate_partnership", world.community_a)
    assert not user.has_perm("partnerships.work_casework", world.community_a)
