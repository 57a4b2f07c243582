"""What the partnerships services share: saving through the fence, recording governance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model

from audit.services import audit_record
from core.actors import Actor, person

from ..fence import community_scope

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=Model)


def save_checked(obj: M) -> M:
    """Validate (constraints and uniqueness included) and save.

    Uniqueness checks read through the fenced manager: the record's own scope is opened
    for them (the caller's permission on that community has been checked already).
    """
    community_id = getattr(obj, "community_id", None)
    if community_id is not None:
        with community_scope([community_id]):
            obj.full_clean()
    else:
        obj.full_clean()
    obj.save()
    return obj


def audit_governance(
    actor: Actor, obj: Model, action: str, detail: dict[str, Any] | None = None
) -> None:
    """Record a governance change: ids and field names only."""
    audit_record(
        actor=actor, action=action, obj=obj, detail={"change": "governance", **(detail or {})}
    )


def person_of(actor: Actor) -> User | None:
    """The person to record as granted by, ended by or recorded by (nobody for the product)."""
    return person(actor)
