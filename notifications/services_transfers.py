"""Notifications about a child's record moving, and emergency access to one.

Casework enqueues these by name after its transaction commits (``notifications.tasks``).
Messages carry the child's initials, never a name or date of birth. The receiver
``reminders_follow_child`` runs inside the move's own transaction (casework's
``child_record_moved`` signal): the child's reminders and notifications move with the
record, those meant for the sending staff are closed, and the next reminder goes to the
receiving practitioner.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import Child, ChildReadGrant, ChildTransfer
from partnerships.models import Membership, Role

from .models import ContactReminder, Notification
from .services_work import initials, long_date

Kind = Notification.Kind


def _team_leaders(community_id: int) -> set[int | None]:
    return set(
        Membership.objects.active()
        .filter(community_id=community_id, role=Role.TEAM_LEADER)
        .values_list("user_id", flat=True)
    )


def _send(community_id: int, kind: str, message: str, url: str, user_ids: set[int | None]) -> int:
    rows = [
        Notification(
            user_id=pk, community_id=community_id, kind=kind, message=message[:300], url=url
        )
        for pk in sorted(pk for pk in user_ids if pk)
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def _child_initials(child_id: int) -> str:
    # The child may sit in either community of the transfer: read the one row needed.
    with scopes_disabled():
        child = Child.objects.only("given_name", "preferred_name", "family_name").get(pk=child_id)
    return initials(child)


def transfer_proposed_notify(*, transfer_id: int) -> int:
    """Tell the receiving community's team leaders a transfer waits for their decision."""
    transfer = ChildTransfer.objects.select_related("from_community", "to_community").get(
        pk=transfer_id
    )
    if not transfer.is_waiting:
        return 0
    message = (
        f"Transfer of {_child_initials(transfer.child_id)} from {transfer.from_community.name} "
        f"to {transfer.to_community.name}, moving on {long_date(transfer.moves_on)}: "
        "waiting for your decision"
    )
    url = reverse("casework:transfer_detail", args=[transfer.pk])
    return _send(
        transfer.to_community_id,
        Kind.TRANSFER_PROPOSED,
        message,
        url,
        _team_leaders(transfer.to_community_id),
    )


def transfer_decided_notify(*, transfer_id: int) -> int:
    """Tell both team leaders (and, on acceptance, the receiving practitioner) the outcome."""
    transfer = ChildTransfer.objects.select_related("from_community", "to_community").get(
        pk=transfer_id
    )
    if transfer.is_waiting:
        return 0
    who = _child_initials(transfer.child_id)
    message = (
        f"Transfer of {who} from {transfer.from_community.name} to "
        f"{transfer.to_community.name}: {transfer.get_status_display().lower()}"
    )
    url = reverse("casework:transfer_detail", args=[transfer.pk])
    sent = _send(
        transfer.from_community_id,
        Kind.TRANSFER_DECIDED,
        message,
        url,
        {transfer.proposed_by_id},
    )
    receiving: set[int | None]
    if transfer.status == ChildTransfer.Status.ACCEPTED:
        receiving = {transfer.decided_by_id, transfer.receiving_practitioner_id}
    elif transfer.status == ChildTransfer.Status.DECLINED:
        receiving = {transfer.decided_by_id}
    else:  # withdrawn: everyone who was asked hears it is off
        receiving = _team_leaders(transfer.to_community_id)
    sent += _send(
        transfer.to_community_id,
        Kind.TRANSFER_DECIDED,
        message,
        url,
        receiving - {transfer.proposed_by_id},
    )
    # The waiting decision is done, for every team leader who was asked.
    Notification.objects.filter(kind=Kind.TRANSFER_PROPOSED, url=url, done_at__isnull=True).update(
        done_at=timezone.now()
    )
    return sent


def emergency_access_notify(*, grant_id: int) -> int:
    """Tell the child's home team leaders, at once, who opened the record in an emergency."""
    grant = ChildReadGrant.objects.select_related("user").get(pk=grant_id)
    name = grant.user.display_name or grant.user.username
    until = timezone.localtime(grant.expires_at)
    message = (
        f"Emergency access to the record of {_child_initials(grant.child_id)} given to {name} "
        f"until {until:%H:%M} on {long_date(until.date())}"
    )
    url = reverse("casework:child_detail", args=[grant.child_id])
    return _send(
        grant.community_id, Kind.EMERGENCY_ACCESS, message, url, _team_leaders(grant.community_id)
    )


def reminders_follow_child(
    sender: object, *, to_community_id: int, case_ids: list[int], practitioner_id: int, **kwargs
) -> None:
    """Move the child's reminders and notifications with its record (inside the move)."""
    now = timezone.now()
    reminders = ContactReminder.objects.filter(case_id__in=case_ids)
    reminders.filter(state=ContactReminder.State.PENDING).exclude(
        recipient_id=practitioner_id
    ).update(state=ContactReminder.State.CANCELLED)
    reminders.update(community_id=to_community_id)
    notes = Notification.objects.filter(case_id__in=case_ids)
    notes.filter(done_at__isnull=True).update(done_at=now)
    notes.update(community_id=to_community_id)
