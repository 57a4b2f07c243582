"""Why a face-to-face contact is late or missed, and the team leader's acknowledgement.

A reason never changes the case's status: the contact is still overdue under the policy
minimum. It is shown beside the status, and the report counts overdue cases with and
without an acknowledged reason. "Whereabouts unknown" opens a task to consider further
action, as a parent withdrawing agreement does.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from core.actors import Actor
from core.tasks import enqueue_on_commit

from .. import rules
from ..models import Case, CaseTask, MissedContactReason
from ..permissions import require_acknowledge_missed_contact, require_person, require_work_cases_in
from .base import audit, in_community_of, require_open
from .closure import NOTIFY_FURTHER_ACTION
from .history import history_before, record_change

LATE_OR_SOON = (rules.ContactStatus.OVERDUE, rules.ContactStatus.DUE_SOON)


def gap_start(case: Case):
    """The day the current gap between contacts began: the last face-to-face contact, or
    the opening when there was none (``casework.metrics`` reads the same day)."""
    return case.last_face_to_face_on or case.opened_on


@in_community_of("case")
def missed_contact_record(
    *, actor: Actor, case: Case, reason: str, details: str = ""
) -> MissedContactReason:
    """Record why the case's face-to-face contact is late (or will be)."""
    require_work_cases_in(actor, case.community_id)
    person = require_person(actor)
    require_open(case)
    due_on = case.next_contact_due_on
    if due_on is None or case.contact_status(timezone.localdate()) not in LATE_OR_SOON:
        raise ValidationError(
            "A reason is recorded for a face-to-face contact that is overdue or due soon."
        )
    details = details.strip()
    if reason == MissedContactReason.Reason.OTHER and not details:
        raise ValidationError({"details": ["Say what the other reason is."]})
    missed = MissedContactReason(
        community_id=case.community_id,
        case=case,
        reason=reason,
        details=details,
        gap_from=gap_start(case),
        due_on=due_on,
        recorded_by=person,
    )
    missed.full_clean(validate_unique=False)
    if reason == MissedContactReason.Reason.WHEREABOUTS_UNKNOWN:
        missed.task = CaseTask.objects.create(
            community_id=case.community_id,
            case=case,
            kind=CaseTask.Kind.CONSIDER_FURTHER_ACTION,
            reason=(
                "The child's whereabouts are unknown and a face-to-face contact is due "
                f"by {due_on:%d %b %Y}. Consider what action is needed "
                "to find and see the child." + (f"\n\n{details}" if details else "")
            ),
            assigned_to=case.team_leader,
        )
        audit(actor, AuditEvent.Action.CREATE, missed.task, child_id=case.child_id)
    missed.save()
    audit(actor, AuditEvent.Action.CREATE, missed, child_id=case.child_id)
    if missed.task is not None:
        enqueue_on_commit(NOTIFY_FURTHER_ACTION, case.community_id, missed.task.pk)
    return missed


@in_community_of("missed")
def missed_contact_acknowledge(*, actor: Actor, missed: MissedContactReason) -> MissedContactReason:
    """A team leader acknowledges the reason. The case stays overdue."""
    require_acknowledge_missed_contact(actor, missed.case)
    leader = require_person(actor)
    if missed.is_acknowledged:
        raise ValidationError("This reason has already been acknowledged.")
    before = history_before(missed, ("acknowledged_by", "acknowledged_at"))
    missed.acknowledged_by = leader
    missed.acknowledged_at = timezone.now()
    missed.save(update_fields=["acknowledged_by", "acknowledged_at"])
    record_change(actor=actor, obj=missed, before=before, child_id=missed.case.child_id)
    audit(actor, AuditEvent.Action.UPDATE, missed, child_id=missed.case.child_id)
    return missed
