"""Closing a case with no further action, the parents withdrawing their agreement, and the
team leader's decisions on both."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from core.actors import Actor
from core.tasks import enqueue_on_commit

from .. import rules
from ..contact_due import case_refresh_contact_due
from ..models import Case, CaseTask, RiskLevel
from ..permissions import (
    require_decide_closure,
    require_decide_task,
    require_person,
    require_work_cases_in,
)
from ..selectors import closure_conditions_unmet
from .base import audit, in_community_of, require_open
from .history import history_before, record_change

TASK_HISTORY_FIELDS = ("status", "decision", "decided_by", "decided_at")

# The notifications each decision sends or clears (notifications.tasks, enqueued by name).
NOTIFY_CLOSURE_WAITING = "notifications.tasks.closure_request_notify"
NOTIFY_FURTHER_ACTION = "notifications.tasks.further_action_notify"
NOTIFICATIONS_CLEAR = "notifications.tasks.notifications_clear"


@in_community_of("case")
def case_request_closure(
    *, actor: Actor, case: Case, reason: str, parents_capacity_note: str = ""
) -> Case:
    """Ask a team leader to close the case with no further action."""
    require_work_cases_in(actor, case.community_id)
    requester = require_person(actor)
    if not case.closure_can_be_requested:
        raise ValidationError(
            "A closure is already waiting for approval."
            if case.closure_is_waiting
            else "This case is already closed."
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the case can close.")]})
    unmet = closure_conditions_unmet(case, parents_capacity_note=parents_capacity_note)
    if unmet:
        raise ValidationError(["This case cannot close with no further action yet:", *unmet])
    case.status = Case.Status.CLOSURE_REQUESTED
    case.closure_requested_by = requester
    case.closure_requested_at = timezone.now()
    case.closure_reason = reason.strip()
    case.parents_capacity_note = parents_capacity_note.strip()
    case.closure_sent_back_reason = ""
    case.closure_decided_by = None
    case.closure_decided_at = None
    case.save()
    audit(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        child_id=case.child_id,
        detail={"closure": "requested"},
    )
    enqueue_on_commit(NOTIFY_CLOSURE_WAITING, case.community_id, case.pk)
    return case


def _require_closure_waiting(case: Case) -> None:
    if not case.closure_is_waiting:
        raise ValidationError(_("No closure is waiting for approval on this case."))


@in_community_of("case")
def case_approve_closure(*, actor: Actor, case: Case) -> Case:
    require_decide_closure(actor, case)
    leader = require_person(actor)
    _require_closure_waiting(case)
    if case.closure_requested_by_id == leader.pk:
        raise ValidationError(_("Another team leader must approve a closure you requested."))
    # The conditions are checked again: a reassessment may have come in since the request.
    unmet = closure_conditions_unmet(case)
    if unmet:
        raise ValidationError(["The conditions for closing are no longer met:", *unmet])
    case.status = Case.Status.CLOSED
    case.closed_on = max(timezone.localdate(), case.opened_on)
    case.closure_decided_by = leader
    case.closure_decided_at = timezone.now()
    case.save()
    case_refresh_contact_due(case)
    audit(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        child_id=case.child_id,
        detail={"closure": "approved"},
    )
    enqueue_on_commit(NOTIFICATIONS_CLEAR, case.community_id, case.pk, "closure_decided")
    return case


@in_community_of("case")
def case_send_back_closure(*, actor: Actor, case: Case, reason: str) -> Case:
    """Refuse the closure; the reason is shown to the practitioner on the child's page."""
    require_decide_closure(actor, case)
    leader = require_person(actor)
    _require_closure_waiting(case)
    if not reason.strip():
        raise ValidationError({"reason": [_("Tell the practitioner why the case stays open.")]})
    case.status = Case.Status.OPEN
    case.closure_sent_back_reason = reason.strip()
    case.closure_decided_by = leader
    case.closure_decided_at = timezone.now()
    case.save()
    audit(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        child_id=case.child_id,
        detail={"closure": "sent_back"},
    )
    enqueue_on_commit(NOTIFICATIONS_CLEAR, case.community_id, case.pk, "closure_decided")
    return case


# --- agreement and further action --------------------------------------------------------


@in_community_of("case")
def parent_withdraw_agreement(
    *, actor: Actor, case: Case, withdrawn_on: datetime.date, note: str = ""
) -> CaseTask | None:
    """Record that the parents withdrew their agreement to work with the department.

    While the child remains at risk (above low) a team leader must consider further action:
    a task that stays open until someone decides it. Returns that task, if any.
    """
    require_work_cases_in(actor, case.community_id)
    # Under the case's row lock: a double submission waits, then finds it recorded.
    locked = Case.objects.select_for_update().get(pk=case.pk)
    case.agreement_withdrawn_on = locked.agreement_withdrawn_on
    case.status = locked.status
    require_open(case)
    if not case.is_strengthening_families:
        raise ValidationError(_("Parents' agreement applies to Strengthening Families cases."))
    if case.agreement_withdrawn_on is not None:
        raise ValidationError(
            _("The withdrawal of agreement was already recorded on %(date)s.")
            % {"date": date_format(case.agreement_withdrawn_on, "d M Y")}
        )
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": [_("The date cannot be in the future.")]})
    case.agreement_withdrawn_on = withdrawn_on
    case.save(update_fields=["agreement_withdrawn_on", "updated_at"])
    task = None
    if rules.withdrawal_needs_further_action(case.risk_level or None):
        level = RiskLevel(case.risk_level).label.lower() if case.risk_level else "not recorded"
        task = CaseTask.objects.create(
            community_id=case.community_id,
            case=case,
            kind=CaseTask.Kind.CONSIDER_FURTHER_ACTION,
            reason=(
                f"The parents withdrew their agreement on {withdrawn_on:%d %b %Y} while the "
                f"risk is {level}. Consider whether further action is required."
                + (f"\n\n{note.strip()}" if note.strip() else "")
            ),
            assigned_to=case.team_leader,
        )
        audit(actor, AuditEvent.Action.CREATE, task, child_id=case.child_id)
    audit(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        child_id=case.child_id,
        detail={"agreement": "withdrawn", "task_id": task.pk if task else None},
    )
    if task is not None:
        enqueue_on_commit(NOTIFY_FURTHER_ACTION, case.community_id, task.pk)
    return task


@in_community_of("task")
def case_task_decide(*, actor: Actor, task: CaseTask, decision: str) -> CaseTask:
    require_decide_task(actor, task)
    leader = require_person(actor)
    if not task.is_open:
        raise ValidationError(_("This task has already been decided."))
    if not decision.strip():
        raise ValidationError({"decision": [_("Record what was decided and why.")]})
    before = history_before(task, TASK_HISTORY_FIELDS)
    task.status = CaseTask.Status.DECIDED
    task.decision = decision.strip()
    task.decided_by = leader
    task.decided_at = timezone.now()
    task.save()
    record_change(actor=actor, obj=task, before=before, child_id=task.case.child_id)
    audit(actor, AuditEvent.Action.UPDATE, task, child_id=task.case.child_id)
    enqueue_on_commit(NOTIFICATIONS_CLEAR, task.community_id, task.case_id, "task_decided")
    return task
