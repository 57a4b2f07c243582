"""Opening and ending read access to one child's record outside the reader's communities.

A ``ChildReadGrant`` and guardian's per-record permission change together, in the
caller's transaction. Ending one (it ran out, or an administrator revoked it) removes the
permission unless another grant of the same person on the same child still runs. The beat
job ``casework.tasks.read_grants_end_expired`` ends those past their time; the selectors
already refuse them from the minute they run out.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor, person

from ..models import Child, ChildReadGrant, ChildUserObjectPermission
from ..permissions_transfers import READ_PERMISSION


def _read_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="casework", codename=READ_PERMISSION)


def _audit(actor: Actor, grant: ChildReadGrant, change: str) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        obj=grant,
        child_id=grant.child_id,
        community_id=grant.community_id,
        detail={
            "change": change,
            "grant_id": grant.pk,
            "kind": grant.kind,
            "user_id": grant.user_id,
            "expires_at": grant.expires_at.isoformat(),
            "reason": grant.reason,
        },
    )


def read_grant_open(
    *,
    actor: Actor,
    user_id: int,
    child: Child,
    kind: str,
    reason: str,
    lasts: datetime.timedelta,
    transfer_id: int | None = None,
) -> ChildReadGrant:
    """Read access for ``user_id`` to ``child``'s record, in its community now, for ``lasts``."""
    now = timezone.now()
    grant = ChildReadGrant.objects.create(
        kind=kind,
        user_id=user_id,
        child=child,
        community_id=child.community_id,
        transfer_id=transfer_id,
        reason=reason,
        granted_by=person(actor),
        expires_at=now + lasts,
    )
    ChildUserObjectPermission.objects.get_or_create(
        user_id=user_id, content_object=child, permission=_read_permission()
    )
    _audit(actor, grant, "read_grant_opened")
    return grant


def read_grant_end(*, actor: Actor, grant: ChildReadGrant, ending: str) -> ChildReadGrant:
    """End the grant now (``ending``: ran out or revoked); a grant already ended stays as it was."""
    if grant.ended_at is not None:
        return grant
    grant.ended_at = timezone.now()
    grant.ending = ending
    grant.ended_by = person(actor)
    grant.save(update_fields=["ended_at", "ending", "ended_by"])
    still = (
        ChildReadGrant.objects.live(grant.ended_at)
        .filter(user_id=grant.user_id, child_id=grant.child_id)
        .exists()
    )
    if not still:
        ChildUserObjectPermission.objects.filter(
            user_id=grant.user_id,
            content_object_id=grant.child_id,
            permission__codename=READ_PERMISSION,
        ).delete()
    _audit(actor, grant, f"read_grant_{ending}")
    return grant


def read_grants_end_for_child(*, actor: Actor, child_id: int) -> int:
    """End every running grant on the child (its record is moving: they read where it was)."""
    ended = 0
    for grant in ChildReadGrant.objects.filter(child_id=child_id, ended_at__isnull=True):
        read_grant_end(actor=actor, grant=grant, ending=ChildReadGrant.Ending.REVOKED)
        ended += 1
    return ended


def read_grants_end_expired(*, actor: Actor, now: datetime.datetime | None = None) -> int:
    """End every grant past its time. Safe to run twice or on two workers at once: each
    grant is claimed under a row lock, and one already being ended is skipped."""
    moment = now or timezone.now()
    ended = 0
    while True:
        with transaction.atomic():
            batch = list(
                ChildReadGrant.objects.select_for_update(skip_locked=True)
                .filter(ended_at__isnull=True, expires_at__lte=moment)
                .order_by("pk")[:200]
            )
            for grant in batch:
                read_grant_end(actor=actor, grant=grant, ending=ChildReadGrant.Ending.EXPIRED)
        ended += len(batch)
        if len(batch) < 200:
            return ended
