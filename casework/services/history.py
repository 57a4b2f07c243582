"""One way every edit keeps its history: the values before and after, who, when and why.

An update service takes ``history_before(obj, fields)`` before it changes anything, makes
its changes, then calls ``record_change``: one ``RecordChange`` row holding only the fields
whose values changed (nothing when none did). Escalations' theme edits call it too.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core.actors import Actor, SystemActor

from ..models import RecordChange
from ..permissions import require_actor


def _value(obj: models.Model, name: str) -> Any:
    """A field's value as JSON keeps it: a linked record as its id and name, dates as ISO."""
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        related_id = getattr(obj, field.attname)
        if related_id is None:
            return None
        related = getattr(obj, name)
        label = getattr(related, "display_name", "") or str(related)
        return {"id": related_id, "name": label}
    value = getattr(obj, name)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def history_before(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` now, to compare with once the edit is made."""
    return {name: _value(obj, name) for name in fields}


def record_change(
    *,
    actor: Actor,
    obj: models.Model,
    before: dict[str, Any],
    reason: str = "",
    child_id: int | None = None,
    require_reason: bool = False,
    also: dict[str, tuple[Any, Any]] | None = None,
) -> RecordChange | None:
    """Keep the edit of ``obj``: the fields of ``before`` whose values changed.

    ``child_id`` files the change on that child's history (a case's, a plan's ...);
    ``require_reason`` refuses a change without a reason (a correction of a child's record).
    ``also`` holds what is not a field of ``obj`` (a theme's linked children) as
    ``{name: (before, after)}``. Returns ``None`` when nothing changed.
    """
    require_actor(actor)
    before = dict(before)
    after = {name: _value(obj, name) for name in before}
    for name, (was, now) in (also or {}).items():
        before[name], after[name] = was, now
    changed = [name for name in before if before[name] != after[name]]
    if not changed:
        return None
    reason = reason.strip()
    if require_reason and not reason:
        raise ValidationError({"reason": [_("Say why this is being changed.")]})
    community_id = getattr(obj, "community_id", None)
    if community_id is None:
        raise ValueError(f"{obj._meta.label} has no community: its history cannot be kept.")
    system = actor if isinstance(actor, SystemActor) else None
    person = None if isinstance(actor, SystemActor) else actor
    return RecordChange.objects.create(
        community_id=community_id,
        record_type=obj._meta.label_lower,
        record_id=obj.pk,
        child_id=child_id,
        changed_by=person,
        system_actor=system.name if system else "",
        reason=reason,
        previous_values={name: before[name] for name in changed},
        new_values={name: after[name] for name in changed},
    )
