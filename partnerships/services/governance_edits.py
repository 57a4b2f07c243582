"""Changing and retiring a Partnership's priorities, indicators, workers and investments.

Nothing here deletes: a priority, an indicator or an investment is retired (it stays, no
longer worked on or counted) and a worker's engagement ends. Every change records its
earlier values in the audit log (field names and values; never a person's name), with the
reason given, so the record's history can be read back.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from audit.models import AuditEvent
from core.actors import Actor

from .. import indicator_sources
from ..models import Indicator, Investment, LocalPriority, Organisation, PartnershipWorker
from ..permissions import require_governance_editor
from .base import audit_governance, save_checked

# Fields whose earlier values the history leaves out: they name a person.
_PERSONAL = {"person_name"}


def _history_value(obj: Model, name: str) -> Any:
    value = getattr(obj, f"{name}_id" if name in ("organisation", "priority") else name)
    if isinstance(value, datetime.date | Decimal):
        return str(value)
    return value


def _change(actor: Actor, obj: Any, fields: dict[str, Any], *, reason: str, what: str) -> Any:
    """Set the given fields, validate and save, then record what they were before."""
    if not fields:
        raise ValidationError("Give at least one field to change.")
    before = {name: _history_value(obj, name) for name in fields if name not in _PERSONAL}
    for name, value in fields.items():
        setattr(obj, name, value)
    save_checked(obj)
    audit_governance(
        actor,
        obj,
        AuditEvent.Action.UPDATE,
        detail={"what": what, "fields": sorted(fields), "before": before, "reason": reason},
    )
    return obj


def _retire(actor: Actor, obj: Any, on: datetime.date | None, *, reason: str, what: str) -> Any:
    """Mark the record retired on ``on`` (default today); it stays, with its history."""
    on = on or timezone.localdate()
    if obj.retired_on is not None:
        raise ValidationError(f"This {obj._meta.verbose_name} is already retired.")
    if on > timezone.localdate():
        raise ValidationError({"on": "The date cannot be in the future."})
    return _change(actor, obj, {"retired_on": on}, reason=reason, what=what)


def _require_not_retired(obj: Any) -> None:
    if getattr(obj, "retired_on", None) is not None:
        raise ValidationError(
            f"This {obj._meta.verbose_name} was retired on {obj.retired_on:%d %B %Y}: "
            "it is kept as it was."
        )


# --- priorities --------------------------------------------------------------------------


@transaction.atomic
def priority_update(
    *, actor: Actor, priority: LocalPriority, reason: str = "", **fields: Any
) -> LocalPriority:
    """Change a priority's title, area or description."""
    require_governance_editor(actor, priority.community)
    _require_not_retired(priority)
    unknown = set(fields) - {"title", "area", "description"}
    if unknown:
        raise ValidationError(f"A priority has no {', '.join(sorted(unknown))}.")
    return _change(actor, priority, fields, reason=reason, what="priority_changed")


@transaction.atomic
def priority_retire(
    *, actor: Actor, priority: LocalPriority, on: datetime.date | None = None, reason: str = ""
) -> LocalPriority:
    """Retire a priority once none of its actions is still open."""
    require_governance_editor(actor, priority.community)
    open_actions = priority.actions.exclude(status="done").count()
    if open_actions:
        raise ValidationError(
            f"{open_actions} of this priority's actions are not done: finish or update them "
            "before retiring it."
        )
    return _retire(actor, priority, on, reason=reason, what="priority_retired")


# --- indicators --------------------------------------------------------------------------

INDICATOR_FIELDS = {
    "name",
    "definition",
    "unit",
    "baseline",
    "target",
    "direction",
    "priority",
    "source_key",
}


@transaction.atomic
def indicator_update(
    *, actor: Actor, indicator: Indicator, reason: str = "", **fields: Any
) -> Indicator:
    """Change an indicator's definition, target, baseline, direction, priority or source.

    Its recorded values stay as they were recorded."""
    require_governance_editor(actor, indicator.community)
    _require_not_retired(indicator)
    unknown = set(fields) - INDICATOR_FIELDS
    if unknown:
        raise ValidationError(f"An indicator has no {', '.join(sorted(unknown))}.")
    source_key = fields.get("source_key")
    if source_key and source_key not in indicator_sources.SOURCES:
        raise ValidationError({"source_key": "Choose one of the listed sources."})
    priority = fields.get("priority")
    if priority is not None:
        if priority.partnership_id != indicator.partnership_id:
            raise ValidationError({"priority": "Choose one of this partnership's priorities."})
        if priority.retired_on is not None:
            raise ValidationError({"priority": "This priority is retired."})
    return _change(actor, indicator, fields, reason=reason, what="indicator_changed")


@transaction.atomic
def indicator_retire(
    *, actor: Actor, indicator: Indicator, on: datetime.date | None = None, reason: str = ""
) -> Indicator:
    """Stop measuring an indicator; its values stay on record."""
    require_governance_editor(actor, indicator.community)
    return _retire(actor, indicator, on, reason=reason, what="indicator_retired")


# --- workers -----------------------------------------------------------------------------


@transaction.atomic
def worker_update(
    *,
    actor: Actor,
    worker: PartnershipWorker,
    reason: str = "",
    **fields: Any,
) -> PartnershipWorker:
    """Correct a worker's role, name, organisation or start date."""
    require_governance_editor(actor, worker.community)
    unknown = set(fields) - {"role_title", "person_name", "organisation", "starts_on"}
    if unknown:
        raise ValidationError(f"A worker has no {', '.join(sorted(unknown))}.")
    organisation = fields.get("organisation")
    if organisation is not None and not isinstance(organisation, Organisation):
        raise ValidationError({"organisation": "Choose an organisation."})
    return _change(actor, worker, fields, reason=reason, what="worker_changed")


@transaction.atomic
def worker_end(
    *,
    actor: Actor,
    worker: PartnershipWorker,
    ends_on: datetime.date | None = None,
    reason: str = "",
) -> PartnershipWorker:
    """End a worker's engagement on ``ends_on`` (default today); the record stays."""
    require_governance_editor(actor, worker.community)
    if worker.ends_on is not None and worker.ends_on <= timezone.localdate():
        raise ValidationError(f"This worker's engagement already ended on {worker.ends_on}.")
    ends_on = ends_on or timezone.localdate()
    if ends_on < worker.starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date."})
    return _change(actor, worker, {"ends_on": ends_on}, reason=reason, what="worker_ended")


# --- investments -------------------------------------------------------------------------


@transaction.atomic
def investment_update(
    *, actor: Actor, investment: Investment, reason: str = "", **fields: Any
) -> Investment:
    """Correct an investment's year, purpose, funder or amount."""
    require_governance_editor(actor, investment.community)
    _require_not_retired(investment)
    unknown = set(fields) - {"financial_year", "purpose", "funder", "amount"}
    if unknown:
        raise ValidationError(f"An investment has no {', '.join(sorted(unknown))}.")
    return _change(actor, investment, fields, reason=reason, what="investment_changed")


@transaction.atomic
def investment_retire(
    *, actor: Actor, investment: Investment, on: datetime.date | None = None, reason: str = ""
) -> Investment:
    """Withdraw an investment (not made, or recorded in error): it no longer counts in the
    yearly totals, and stays on record."""
    require_governance_editor(actor, investment.community)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the investment no longer counts."})
    return _retire(actor, investment, on, reason=reason, what="investment_retired")
