import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import is_system
from core.client_address import client_address

from .models import AuditEvent

# The database refuses to purge anything younger than this, whatever the setting says.
RETENTION_FLOOR_DAYS = 365


def audit_record(
    *,
    actor,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    child_id: int | None = None,
    community_id: int | None = None,
    detail: dict | None = None,
    request=None,
) -> AuditEvent:
    """Append one event. ``detail`` carries ids and field names, never personal data.

    ``actor`` is the person who acted or a ``SystemActor`` naming the part of the product
    that did (its name goes to ``system_actor``). Nothing is recorded as done by nobody.
    """
    if actor is None:
        raise PermissionDenied(_("Name who acted: a person or core.actors.system_actor(...)."))
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        community_id = (
            community_id if community_id is not None else getattr(obj, "community_id", None)
        )
    remote_addr = client_address(request) if request is not None else None
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        system_actor=actor.name if is_system(actor) else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        child_id=child_id,
        community_id=community_id,
        detail=detail or {},
        remote_addr=remote_addr,
    )


def audit_read_child(
    *, actor, child_id: int, community_id: int | None, request=None, what: str
) -> AuditEvent:
    """Record that ``actor`` read a child's record; ``what`` names the page or export, not data.

    For example ``what="child_detail"``, ``"case_plan"`` or ``"contacts_csv"``.
    """
    return audit_record(
        actor=actor,
        action=AuditEvent.Action.READ,
        object_type="casework.child",
        object_id=child_id,
        child_id=child_id,
        community_id=community_id,
        detail={"what": what},
        request=request,
    )


def audit_list_read(
    *,
    actor,
    what: str,
    shown: Iterable[tuple[int | None, int | None]],
    request=None,
) -> AuditEvent:
    """Record which children a list, page or export showed: one row per request, ids only.

    ``what`` names the list (``"api_children"``, ``"my_caseload"``...); ``shown`` is the
    (child id, community id) of each row shown. The event carries every child shown, in
    order and without repeats; its community is set when they are all of one community
    (so the audit log's community filter finds it). An empty list is recorded too: the
    request was made.
    """
    child_ids: list[int] = []
    communities: set[int] = set()
    for child_id, community_id in shown:
        if child_id is not None and child_id not in child_ids:
            child_ids.append(int(child_id))
        if community_id is not None:
            communities.add(int(community_id))
    return audit_record(
        actor=actor,
        action=AuditEvent.Action.READ,
        object_type="casework.child",
        child_id=child_ids[0] if len(child_ids) == 1 else None,
        community_id=next(iter(communities)) if len(communities) == 1 else None,
        detail={"what": what, "child_ids": child_ids},
        request=request,
    )


def audit_purge_cutoff(*, retention_days: int, now: datetime.datetime | None = None):
    if retention_days < RETENTION_FLOOR_DAYS:
        raise ValueError(
            f"The audit log is kept for at least {RETENTION_FLOOR_DAYS} days "
            f"(asked for {retention_days})."
        )
    return (now or timezone.now()) - datetime.timedelta(days=retention_days)


@transaction.atomic
def audit_purge_older_than(*, retention_days: int) -> int:
    """Delete events older than the retention period: the one path the database allows.

    On PostgreSQL the append-only trigger lets a DELETE through only inside a
    transaction that has set ``cwsp.audit_purge`` and ``cwsp.audit_purge_before``, and
    only for rows older than both that cutoff and the floor. On SQLite (the demo) the
    trigger is lifted and restored inside this transaction.
    """
    cutoff = audit_purge_cutoff(retention_days=retention_days)
    old = AuditEvent.objects.filter(occurred_at__lt=cutoff)
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SELECT set_config('cwsp.audit_purge', 'on', true)")
            cursor.execute(
                "SELECT set_config('cwsp.audit_purge_before', %s, true)", [cutoff.isoformat()]
            )
            try:
                deleted, _ = old.delete()
            finally:
                # Close the door at once, even when called inside a longer transaction.
                cursor.execute("SELECT set_config('cwsp.audit_purge', 'off', true)")
                cursor.execute("SELECT set_config('cwsp.audit_purge_before', '', true)")
        elif vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_delete")
            deleted, _ = old.delete()
            cursor.execute(
                "CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent "
                "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: DELETE refused'); "
                "END;"
            )
        else:
            deleted, _ = old.delete()
    return deleted
