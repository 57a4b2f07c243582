from typing import Any

from .models import AuditEvent


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
    """Append one event. ``detail`` carries ids and field names, never personal data."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        community_id = (
            community_id if community_id is not None else getattr(obj, "community_id", None)
        )
    remote_addr = request.META.get("REMOTE_ADDR") if request is not None else None
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        child_id=child_id,
        community_id=community_id,
        detail=detail or {},
        remote_addr=remote_addr,
    )
