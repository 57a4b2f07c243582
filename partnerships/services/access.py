"""Granting, changing and ending access: Membership and its guardian mirror, together.

Membership is the source of who works where. Guardian's direct-FK object permissions on
Community (``CommunityUserObjectPermission``) mirror each person's active community
memberships; every service here changes both in one transaction, so the mirror is never
behind a change an administrator made. Only dates passing by themselves (a membership
that ends or starts today) need ``memberships_sync_expired``, run nightly, and access
checks never wait for it: they read the dated memberships (``partnerships.permissions``).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor

from ..access import forget_access
from ..models import (
    COMMUNITY_ROLES,
    OVERSIGHT_ROLES,
    Community,
    CommunityUserObjectPermission,
    Membership,
    Role,
)
from ..permissions import ALL_COMMUNITY_PERMISSIONS, ROLE_PERMISSIONS, require_access_manager
from .base import person_of

if TYPE_CHECKING:
    from accounts.models import User


def _community_permission_ids() -> dict[str, int]:
    content_type = ContentType.objects.get_for_model(Community)
    return dict(
        Permission.objects.filter(
            content_type=content_type, codename__in=ALL_COMMUNITY_PERMISSIONS
        ).values_list("codename", "id")
    )


def _permissions_for(roles: set[str]) -> set[str]:
    return set().union(*(ROLE_PERMISSIONS.get(role, frozenset()) for role in roles))


def community_permissions_sync(*, user: User, community: Community | None) -> None:
    """Make the user's guardian permissions on the community match their active memberships.

    Runs inside the caller's transaction: the mirror changes with the membership or not
    at all.
    """
    if community is None:
        return
    roles = set(
        Membership.objects.active()
        .filter(user=user, community=community)
        .values_list("role", flat=True)
    )
    wanted = _permissions_for(roles)
    rows = CommunityUserObjectPermission.objects.filter(
        user=user, content_object=community, permission__codename__in=ALL_COMMUNITY_PERMISSIONS
    )
    existing = set(rows.values_list("permission__codename", flat=True))
    if wanted - existing:
        ids = _community_permission_ids()
        CommunityUserObjectPermission.objects.bulk_create(
            CommunityUserObjectPermission(
                user=user, content_object=community, permission_id=ids[codename]
            )
            for codename in sorted(wanted - existing)
        )
    if existing - wanted:
        rows.filter(permission__codename__in=existing - wanted).delete()
    forget_access(user)


def _audit_access(actor: Actor, membership: Membership, change: str) -> None:
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


# Separation of duties (docs/decisions/0009-separation-of-duties.md): a person's roles that
# run at the same time all come from one of these families. Oversight reads only
# de-identified figures and holds the partnerships to account; casework and coordination
# work with identified children inside a community; administration decides who has access.
DUTIES: tuple[tuple[str, frozenset[str]], ...] = (
    ("an oversight role", frozenset(OVERSIGHT_ROLES)),
    ("a casework or coordinator role", frozenset(COMMUNITY_ROLES)),
    ("the administrator role", frozenset({Role.ADMINISTRATOR})),
)


def duty_of(role: str) -> str:
    """The family of duties a role belongs to (see ``DUTIES``)."""
    for name, roles in DUTIES:
        if role in roles:
            return name
    return role


def roles_may_combine(first: str, second: str) -> bool:
    """Whether one person may hold both roles at the same time."""
    return duty_of(first) == duty_of(second)


def _overlapping(
    memberships: models.QuerySet[Membership],
    starts_on: datetime.date,
    ends_on: datetime.date | None,
) -> models.QuerySet[Membership]:
    """The memberships that run on at least one day of [starts_on, ends_on)."""
    running = memberships.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on))
    return running if ends_on is None else running.filter(starts_on__lt=ends_on)


def _require_separate_duties(
    *,
    user: User,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    excluding: int | None = None,
) -> None:
    """Refuse a role that would run at the same time as a role of another family of duties.

    Every entry point (the administration pages, the onboarding file and command, the demo
    and test seeders) grants and changes access through these services, so this is the one
    place the rule is kept.
    """
    others = _overlapping(Membership.objects.filter(user_id=user.pk), starts_on, ends_on)
    if excluding is not None:
        others = others.exclude(pk=excluding)
    for other in others.select_related("community").order_by("starts_on", "pk"):
        if roles_may_combine(role, other.role):
            continue
        where = f" in {other.community}" if other.community_id else ""
        raise ValidationError(
            {
                "role": _(
                    "%(user)s is already %(lower)s%(where)s, which is %(value)s; the same person "
                    "cannot also hold %(value2)s (%(lower2)s) at the same time. End one role "
                    "before granting the other."
                )
                % {
                    "user": user,
                    "lower": other.get_role_display().lower(),
                    "where": where,
                    "value": duty_of(other.role),
                    "value2": duty_of(role),
                    "lower2": Role(role).label.lower(),
                }
            }
        )


@transaction.atomic
def membership_grant(
    *,
    actor: Actor,
    user: User,
    role: str,
    community: Community | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    """Give a user a role, in a community for community roles."""
    require_access_manager(actor)
    if role in COMMUNITY_ROLES and community is None:
        raise ValidationError({"community": _("Choose the community this person works in.")})
    if role not in COMMUNITY_ROLES and role != Role.ADMINISTRATOR:
        community = None
    duplicate = Membership.objects.active().filter(user=user, community=community, role=role)
    if duplicate.exists():
        raise ValidationError(_("%(user)s already has this role there.") % {"user": user})
    starts_on = starts_on or timezone.localdate()
    _require_separate_duties(user=user, role=role, starts_on=starts_on, ends_on=ends_on)
    membership = Membership(
        user=user,
        community=community,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        granted_by=person_of(actor),
    )
    membership.full_clean()
    membership.save()
    community_permissions_sync(user=user, community=community)
    _audit_access(actor, membership, "granted")
    return membership


@transaction.atomic
def membership_change(
    *,
    actor: Actor,
    membership: Membership,
    role: str | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    require_access_manager(actor)
    if role is not None:
        membership.role = role
    membership.ends_on = ends_on
    _require_separate_duties(
        user=membership.user,
        role=membership.role,
        starts_on=membership.starts_on,
        ends_on=membership.ends_on,
        excluding=membership.pk,
    )
    membership.full_clean()
    membership.save()
    community_permissions_sync(user=membership.user, community=membership.community)
    _audit_access(actor, membership, "changed")
    return membership


@transaction.atomic
def membership_end(
    *, actor: Actor, membership: Membership, ends_on: datetime.date | None = None
) -> Membership:
    """End access from ``ends_on`` (default today): the user's next request no longer has it."""
    require_access_manager(actor)
    membership.ends_on = max(ends_on or timezone.localdate(), membership.starts_on)
    membership.ended_by = person_of(actor)
    membership.full_clean()
    membership.save()
    community_permissions_sync(user=membership.user, community=membership.community)
    _audit_access(actor, membership, "ended")
    return membership


@transaction.atomic
def memberships_sync_expired(*, actor: Actor, on: datetime.date | None = None) -> int:
    """Bring guardian's mirror in line with the memberships running ``on`` (default today).

    For the dates that pass by themselves: a membership whose end date has come loses its
    permissions, one whose start date has come gains them. The whole mirror is compared,
    so a night the job did not run is caught up on the next. Returns how many
    (person, community) pairs changed.
    """
    require_access_manager(actor)
    day = on or timezone.localdate()
    wanted: set[tuple[int, int, str]] = set()
    for user_id, community_id, role in (
        Membership.objects.active(day)
        .filter(community__isnull=False, role__in=sorted(COMMUNITY_ROLES))
        .values_list("user_id", "community_id", "role")
    ):
        wanted.update((user_id, community_id, codename) for codename in ROLE_PERMISSIONS[role])
    rows = {
        (user_id, community_id, codename): pk
        for pk, user_id, community_id, codename in CommunityUserObjectPermission.objects.filter(
            permission__codename__in=ALL_COMMUNITY_PERMISSIONS
        ).values_list("pk", "user_id", "content_object_id", "permission__codename")
    }
    missing = wanted - rows.keys()
    extra = rows.keys() - wanted
    if missing:
        ids = _community_permission_ids()
        CommunityUserObjectPermission.objects.bulk_create(
            CommunityUserObjectPermission(
                user_id=user_id, content_object_id=community_id, permission_id=ids[codename]
            )
            for user_id, community_id, codename in sorted(missing)
        )
    if extra:
        CommunityUserObjectPermission.objects.filter(pk__in=[rows[key] for key in extra]).delete()
    return len({(user_id, community_id) for user_id, community_id, _ in missing | extra})
