import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from core.actors import system_actor
from partnerships import permissions, services
from partnerships.models import CommunityUserObjectPermission, Membership, Role
from partnerships.selectors import community_ids_in_scope
from partnerships.services import (
    membership_change,
    membership_end,
    membership_grant,
    memberships_sync_expired,
)

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


# --- Guardian's mirror changes with the membership, in the same transaction ---------------


class _RolledBack(Exception):
    pass


def _guardian_codenames(user, community) -> set[str]:
    return set(
        CommunityUserObjectPermission.objects.filter(
            user=user, content_object=community
        ).values_list("permission__codename", flat=True)
    )


def test_a_grant_writes_guardian_in_its_own_transaction_and_rolls_back_with_it(world):
    user = UserFactory()
    with pytest.raises(_RolledBack), transaction.atomic():
        membership_grant(
            actor=world.administrator, user=user, role=Role.TEAM_LEADER, community=world.community_a
        )
        # Before anything commits, the permissions are there with the membership.
        assert _guardian_codenames(user, world.community_a) == {
            "work_in_community",
            "work_casework",
            "lead_team",
        }
        raise _RolledBack
    # A grant that did not happen leaves no permission behind.
    assert not Membership.objects.filter(user=user).exists()
    assert _guardian_codenames(user, world.community_a) == set()


def test_ending_a_membership_drops_guardian_in_the_same_transaction(world):
    membership = Membership.objects.get(user=world.practitioner_a)
    with pytest.raises(_RolledBack), transaction.atomic():
        membership_end(actor=world.administrator, membership=membership)
        assert _guardian_codenames(world.practitioner_a, world.community_a) == set()
        raise _RolledBack
    # The end was rolled back: so was the permissions' removal.
    assert _guardian_codenames(world.practitioner_a, world.community_a) == {
        "work_in_community",
        "work_casework",
    }
    membership_end(actor=world.administrator, membership=membership)
    assert _guardian_codenames(world.practitioner_a, world.community_a) == set()


def test_a_membership_past_its_end_date_gives_no_access_before_the_nightly_job(world):
    membership = Membership.objects.get(user=world.practitioner_a)
    # The end date arrives by itself (no service call): guardian still has the rows ...
    Membership.objects.filter(pk=membership.pk).update(ends_on=timezone.localdate())
    user = _fresh(world.practitioner_a)
    assert _guardian_codenames(user, world.community_a)
    # ... but every access answer reads the dated memberships: no access from today.
    assert community_ids_in_scope(user) == []
    assert not permissions.works_in(user, world.community_a.pk)
    assert not permissions.may_read_partnership(user, world.community_a)


def test_the_nightly_job_catches_up_ends_and_starts_whatever_night_they_fell_on(world):
    today = timezone.localdate()
    ended = Membership.objects.get(user=world.practitioner_a)
    # Ended a week ago, while the job was not running.
    Membership.objects.filter(pk=ended.pk).update(
        starts_on=today - datetime.timedelta(days=30), ends_on=today - datetime.timedelta(days=7)
    )
    starting = UserFactory()
    membership_grant(
        actor=world.administrator,
        user=starting,
        role=Role.COORDINATOR,
        community=world.community_b,
        starts_on=today + datetime.timedelta(days=1),
    )
    assert _guardian_codenames(starting, world.community_b) == set()

    job = system_actor("tests:nightly")
    assert memberships_sync_expired(actor=job) == 1
    assert _guardian_codenames(world.practitioner_a, world.community_a) == set()
    # The next day the future membership begins and gains its permissions.
    tomorrow = today + datetime.timedelta(days=1)
    assert memberships_sync_expired(actor=job, on=tomorrow) == 1
    assert _guardian_codenames(starting, world.community_b) == {
        "work_in_community",
        "coordinate_partnership",
    }
    # Nothing left to do: the mirror matches the memberships.
    assert memberships_sync_expired(actor=job, on=tomorrow) == 0


# --- Actors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda w: membership_grant(
            actor=None, user=UserFactory(), role=Role.PRACTITIONER, community=w.community_a
        ),
        lambda w: membership_end(
            actor=None, membership=Membership.objects.get(user=w.practitioner_a)
        ),
        lambda w: memberships_sync_expired(actor=None),
        lambda w: services.tier_create(
            actor=None, partnership=w.community_a.partnership, kind="open_forum", name="Forum"
        ),
        lambda w: services.user_deactivate(actor=None, user=w.practitioner_a),
    ],
    ids=["grant", "end", "nightly", "governance", "deactivate"],
)
def test_a_missing_actor_is_refused(world, call):
    with pytest.raises(PermissionDenied):
        call(world)


def test_the_product_acting_for_itself_is_recorded_by_name(world):
    user = UserFactory()
    membership = membership_grant(
        actor=system_actor("command:onboard_community"),
        user=user,
        role=Role.PRACTITIONER,
        community=world.community_a,
    )
    assert membership.granted_by is None
    event = AuditEvent.objects.get(action=AuditEvent.Action.ACCESS_CHANGE, object_id=membership.pk)
    assert (event.actor, event.system_actor) == (None, "command:onboard_community")
    # The product itself is no person: it works in no community and administers nothing.
    job = system_actor("tests")
    assert permissions.may_manage_access(job)
    assert permissions.may_edit_governance(job, world.community_a)
    assert not permissions.is_administrator(job)
    assert not permissions.works_in(job, world.community_a.pk)
