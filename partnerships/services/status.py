"""A Partnership's status: proposed → establishing → active ⇄ paused, with its history.

Every move is a ``PartnershipStatusChange`` row (from, to, the day, who, why) and an
audit event; any other move is refused with a message saying which moves are possible.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor, is_system

from ..models import Partnership, PartnershipStatusChange
from ..permissions import require_status_changer
from .base import person_of, save_checked

Status = Partnership.Status

# The moves the Framework's life of a Partnership allows, from each status.
STATUS_MOVES: dict[str, tuple[str, ...]] = {
    Status.PROPOSED: (Status.ESTABLISHING,),
    Status.ESTABLISHING: (Status.ACTIVE,),
    Status.ACTIVE: (Status.PAUSED,),
    Status.PAUSED: (Status.ACTIVE,),
}


def status_moves_from(status: str) -> list[tuple[str, str]]:
    """The statuses a Partnership in ``status`` may move to, as (value, label) choices."""
    return [(to, str(Status(to).label)) for to in STATUS_MOVES.get(status, ())]


@transaction.atomic
def partnership_status_change(
    *,
    actor: Actor,
    partnership: Partnership,
    status: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> PartnershipStatusChange:
    """Move the Partnership to ``status``; the first move from proposed sets its start."""
    require_status_changer(actor)
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    current = partnership.status
    if status not in Status.values:
        raise ValidationError(
            {"status": _("“%(status)s” is not a Partnership status.") % {"status": status}}
        )
    allowed = STATUS_MOVES.get(current, ())
    if status not in allowed:
        possible = " or ".join(Status(to).label.lower() for to in allowed) or "nothing"
        raise ValidationError(
            {
                "status": _(
                    "A %(lower)s Partnership cannot become %(lower2)s; it can become %(possible)s."
                )
                % {
                    "lower": Status(current).label.lower(),
                    "lower2": Status(status).label.lower(),
                    "possible": possible,
                }
            }
        )
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": _("The change cannot be dated in the future.")})
    partnership.status = status
    if partnership.established_on is None:
        partnership.established_on = day
    save_checked(partnership)
    change = save_checked(
        PartnershipStatusChange(
            partnership=partnership,
            community_id=partnership.community_id,
            from_status=current,
            to_status=status,
            changed_on=day,
            changed_by=person_of(actor),
            changed_by_system=actor.name if is_system(actor) else "",  # type: ignore[union-attr]
            reason=(reason or "").strip(),
        )
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=partnership,
        community_id=partnership.community_id,
        detail={
            "change": "partnership_status",
            "from": current,
            "to": status,
            "status_change_id": change.pk,
        },
    )
    return change
