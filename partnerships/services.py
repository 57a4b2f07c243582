"""Writes to partnership and access data. Every entry point (pages, API, commands) calls these."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from audit.models import AuditEvent
from audit.services import audit_record

from .models import COMMUNITY_ROLES, Community, Membership, Role
from .selectors import is_administrator

# Permissions on the Community row that each role grants (kept in step by
# ``_sync_community_permissions``).
ROLE_PERMISSIONS = {
    Role.PRACTITIONER: {"work_in_community", "work_casework"},
    Role.TEAM_LEADER: {"work_in_community", "work_casework", "lead_team"},
    Role.COORDINATOR: {"work_in_community", "coordinate_partnership"},
}
ALL_COMMUNITY_PERMISSIONS = set().union(*ROLE_PERMISSIONS.values())


def _require_administrator(actor) -> None:
    if actor is not None and not is_administrator(actor):
        raise PermissionDenied("Only an administrator can change who has access.")


def _sync_community_permissions(user, community: Community | None) -> None:
    """Make the user's guardian permissions on the community match their active memberships."""
    if community is None:
        return
    roles = set(
        Membership.objects.active()
        .filter(user=user, community=community)
        .values_list("role", flat=True)
    )
    wanted = set().union(*(ROLE_PERMISSIONS.get(role, set()) for role in roles))
    for perm in ALL_COMMUNITY_PERMISSIONS:
        if perm in wanted:
            assign_perm(f"partnerships.{perm}", user, community)
        else:
            remove_perm(f"partnerships.{perm}", user, community)
    # Guardian caches permissions on the user object.
    for attr in ("_guardian_perms_cache", "_cwsp_scope_ids"):
        if hasattr(user, attr):
            delattr(user, attr)


def _audit_access(actor, membership: Membership, change: str) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        obj=membership,
        detail={
            "change": change,
            "user_id": membership.user_id,
            "role": membership.role,
            "community_id": membership.community_id,
            "starts_on": membership.starts_on.isoformat(),
            "ends_on": membership.ends_on.isoformat() if membership.ends_on else None,
        },
    )


@transaction.atomic
def membership_grant(
    *,
    actor,
    user,
    role: str,
    community: Community | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    """Give a user a role, in a community for community roles. ``actor=None`` is the system."""
    _require_administrator(actor)
    if role in COMMUNITY_ROLES and community is None:
        raise ValidationError({"community": "Choose the community this person works in."})
    if role not in COMMUNITY_ROLES and role != Role.ADMINISTRATOR:
        community = None
    duplicate = Membership.objects.active().filter(user=user, community=community, role=role)
    if duplicate.exists():
        raise ValidationError(f"{user} already has this role there.")
    membership = Membership(
        user=user,
        community=community,
        role=role,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        granted_by=actor,
    )
    membership.full_clean()
    membership.save()
    _sync_community_permissions(user, community)
    _audit_access(actor, membership, "granted")
    return membership


@transaction.atomic
def membership_change(
    *, actor, membership: Membership, role: str | None = None, ends_on: datetime.date | None = None
) -> Membership:
    _require_administrator(actor)
    if role is not None:
        membership.role = role
    membership.ends_on = ends_on
    membership.full_clean()
    membership.save()
    _sync_community_permissions(membership.user, membership.community)
    _audit_access(actor, membership, "changed")
    return membership


@transaction.atomic
def membership_end(
    *, actor, membership: Membership, ends_on: datetime.date | None = None
) -> Membership:
    """End access from ``ends_on`` (default today): the user's next request no longer has it."""
    _require_administrator(actor)
    membership.ends_on = max(ends_on or timezone.localdate(), membership.starts_on)
    membership.ended_by = actor
    membership.full_clean()
    membership.save()
    _sync_community_permissions(membership.user, membership.community)
    _audit_access(actor, membership, "ended")
    return membership


def memberships_sync_expired() -> int:
    """Drop guardian permissions left by memberships that ran out on their end date."""
    today = timezone.localdate()
    expired = Membership.objects.filter(
        ends_on__range=(today - datetime.timedelta(days=1), today), community__isnull=False
    ).select_related("user", "community")
    count = 0
    for membership in expired:
        _sync_community_permissions(membership.user, membership.community)
        count += 1
    return count
