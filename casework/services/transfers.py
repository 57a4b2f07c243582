"""Transferring a child's record to another community: proposal, decision, the move.

A team leader of the child's community proposes, with a reason and the day the child
moves; a team leader of the receiving community accepts (naming the practitioner who
takes the child on) or declines with a reason; the sending one may withdraw while it
waits. Acceptance moves the whole record in one transaction (``transfer_move``), gives
the sending practitioner and team leader read-only access for
``settings.CWSP_TRANSFER_READ_ONLY_DAYS`` days, keeps the change on the child's history,
audits it, and notifies both team leaders once the transaction commits.

Two decisions at once give one outcome: each locks the transfer's row first and the one
that comes second finds it decided (409).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor
from core.errors import Conflict
from core.tasks import enqueue_on_commit
from partnerships.fence import community_scope
from partnerships.models import CASEWORK_ROLES, Community, Membership, Partnership

from ..models import Case, Child, ChildReadGrant, ChildTransfer
from ..permissions import may_hold_cases_in, require_person
from ..permissions_transfers import (
    require_decide_transfer,
    require_propose_transfer,
    require_withdraw_transfer,
)
from .grants import read_grant_open, read_grants_end_for_child
from .history import history_before, record_change
from .transfer_move import move_child_record

NOTIFY_PROPOSED = "notifications.tasks.transfer_proposed_notify"
NOTIFY_DECIDED = "notifications.tasks.transfer_decided_notify"


def _keeps_case_records(community: Community) -> bool:
    try:
        return community.partnership.keeps_case_records
    except Partnership.DoesNotExist:
        return True


def _refuse_bad_move(child: Child, to_community: Community) -> None:
    if to_community.pk == child.community_id:
        raise ValidationError(
            {"to_community": ["The child's record is already in this community."]}
        )
    if not _keeps_case_records(to_community):
        raise ValidationError(
            {"to_community": [f"{to_community.name} keeps no case records: choose another."]}
        )
    if Case.objects.filter(child=child, status=Case.Status.CLOSURE_REQUESTED).exists():
        raise ValidationError(
            "A closure is waiting for a team leader's decision: decide it before the transfer."
        )


def _audit_transfer(actor: Actor, transfer: ChildTransfer, change: str, **detail) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if change == "proposed" else AuditEvent.Action.UPDATE,
        obj=transfer,
        child_id=transfer.child_id,
        community_id=transfer.from_community_id,
        detail={
            "change": change,
            "from_community_id": transfer.from_community_id,
            "to_community_id": transfer.to_community_id,
            **detail,
        },
    )


def transfer_propose(
    *,
    actor: Actor,
    child: Child,
    to_community: Community,
    reason: str,
    moves_on: datetime.date,
) -> ChildTransfer:
    require_propose_transfer(actor, child)
    proposer = require_person(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why the child's record moves."]})
    with transaction.atomic(), community_scope([child.community_id]):
        locked = Child.objects.select_for_update().get(pk=child.pk)
        _refuse_bad_move(locked, to_community)
        waiting = ChildTransfer.objects.filter(child=locked, status=ChildTransfer.Status.PROPOSED)
        if waiting.exists():
            raise ValidationError("A transfer of this child is already waiting for a decision.")
        transfer = ChildTransfer.objects.create(
            child=locked,
            from_community_id=locked.community_id,
            to_community=to_community,
            reason=reason,
            moves_on=moves_on,
            proposed_by=proposer,
        )
        _audit_transfer(actor, transfer, "proposed", moves_on=moves_on.isoformat())
        enqueue_on_commit(NOTIFY_PROPOSED, transfer.from_community_id, transfer.pk)
    return transfer


def _lock_waiting(transfer: ChildTransfer) -> ChildTransfer:
    locked = ChildTransfer.objects.select_for_update().get(pk=transfer.pk)
    if not locked.is_waiting:
        raise Conflict(
            f"This transfer was already decided: {locked.get_status_display().lower()}.",
            current={"transfer_id": locked.pk, "status": locked.status},
        )
    return locked


def _sending_staff(transfer: ChildTransfer, open_cases: list[Case]) -> list[int]:
    """The practitioners and team leaders of the child's open cases and the proposer, who
    still work on cases in the sending community."""
    wanted: set[int | None] = {transfer.proposed_by_id}
    for case in open_cases:
        wanted |= {case.practitioner_id, case.team_leader_id}
    return sorted(
        set(
            Membership.objects.active()
            .filter(
                community_id=transfer.from_community_id,
                role__in=sorted(CASEWORK_ROLES),
                user_id__in=[pk for pk in wanted if pk],
            )
            .values_list("user_id", flat=True)
        )
    )


def transfer_accept(*, actor: Actor, transfer: ChildTransfer, practitioner) -> ChildTransfer:
    """Move the child's record to the receiving community, now, all or nothing."""
    require_decide_transfer(actor, transfer)
    leader = require_person(actor)
    with transaction.atomic():
        locked = _lock_waiting(transfer)
        from_id, to_id = locked.from_community_id, locked.to_community_id
        with community_scope([from_id, to_id]):
            child = Child.objects.select_for_update().get(pk=locked.child_id)
            if child.community_id != from_id:
                raise Conflict("The child's record is no longer in the sending community.")
            _refuse_bad_move(child, locked.to_community)
            if practitioner is None or not may_hold_cases_in(practitioner, to_id):
                raise ValidationError(
                    {"practitioner": ["Choose a practitioner who works on cases here."]}
                )
            open_cases = list(Case.objects.filter(child=child).exclude(status=Case.Status.CLOSED))
            senders = _sending_staff(locked, open_cases)
            before = history_before(child, ["community"])
            read_grants_end_for_child(actor=actor, child_id=child.pk)
            counts = move_child_record(
                child=child, to_id=to_id, practitioner_id=practitioner.pk, team_leader_id=leader.pk
            )
            locked.status = ChildTransfer.Status.ACCEPTED
            locked.decided_by = leader
            locked.decided_at = timezone.now()
            locked.receiving_practitioner = practitioner
            locked.moved_rows = counts
            locked.save()
            record_change(
                actor=actor, obj=child, before=before, reason=locked.reason, child_id=child.pk
            )
            lasts = datetime.timedelta(days=settings.CWSP_TRANSFER_READ_ONLY_DAYS)
            for user_id in senders:
                read_grant_open(
                    actor=actor,
                    user_id=user_id,
                    child=child,
                    kind=ChildReadGrant.Kind.AFTER_TRANSFER,
                    reason=f"Read-only after transfer #{locked.pk}: {locked.reason}",
                    lasts=lasts,
                    transfer_id=locked.pk,
                )
            _audit_transfer(actor, locked, "accepted", rows=counts, read_only_for=senders)
        enqueue_on_commit(NOTIFY_DECIDED, to_id, locked.pk)
    return locked


def transfer_decline(*, actor: Actor, transfer: ChildTransfer, reason: str) -> ChildTransfer:
    require_decide_transfer(actor, transfer)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why the transfer is declined."]})
    return _close(actor, transfer, ChildTransfer.Status.DECLINED, reason)


def transfer_withdraw(*, actor: Actor, transfer: ChildTransfer) -> ChildTransfer:
    require_withdraw_transfer(actor, transfer)
    return _close(actor, transfer, ChildTransfer.Status.WITHDRAWN, "")


def _close(actor: Actor, transfer: ChildTransfer, status: str, reason: str) -> ChildTransfer:
    with transaction.atomic():
        locked = _lock_waiting(transfer)
        locked.status = status
        locked.decided_by = require_person(actor)
        locked.decided_at = timezone.now()
        locked.decline_reason = reason
        locked.save()
        _audit_transfer(actor, locked, status)
        # In the receiving community's fence: its team leaders' waiting notices are closed.
        enqueue_on_commit(NOTIFY_DECIDED, locked.to_community_id, locked.pk)
    return locked
