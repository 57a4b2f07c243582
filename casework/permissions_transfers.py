"""Who may move a child's record between communities, and who may read one outside their own.

Transfers are team leaders' decisions: one of the sending community proposes (and may
withdraw), one of the receiving community accepts or declines. Break-glass access is for
anyone who works on cases (a practitioner or team leader, somewhere); administrators see
every emergency grant and may revoke one.

``live_read_grant`` is the one answer to "may this person read this child's record
outside their communities?": a grant that has not ended or run out, mirrored by the
guardian per-record permission. The single-record selectors ask it and nothing else; it
gives read access only, so every write (which looks the record up among the actor's own
communities) still answers 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from partnerships.permissions import is_administrator

from .models import Child, ChildReadGrant, ChildTransfer, ChildUserObjectPermission
from .permissions import Who, is_person, leads_any_team, leads_team_in, may_read_casework

READ_PERMISSION = "view_child"


def may_propose_transfer(actor: Who, child: Child) -> bool:
    return is_person(actor) and leads_team_in(actor, child.community_id)


def may_decide_transfer(actor: Who, transfer: ChildTransfer) -> bool:
    return is_person(actor) and leads_team_in(actor, transfer.to_community_id)


def may_withdraw_transfer(actor: Who, transfer: ChildTransfer) -> bool:
    return is_person(actor) and leads_team_in(actor, transfer.from_community_id)


def may_see_transfer(actor: Who, transfer: ChildTransfer) -> bool:
    return may_decide_transfer(actor, transfer) or may_withdraw_transfer(actor, transfer)


def may_break_glass(actor: Who) -> bool:
    """Search another community and ask for emergency access: anyone who does casework."""
    return is_person(actor) and may_read_casework(actor)


def may_review_emergency_access(actor: Who) -> bool:
    """The access report and revoking a grant: administrators."""
    return is_person(actor) and is_administrator(actor)


def live_read_grant(actor: Who, child_id: int) -> ChildReadGrant | None:
    """The actor's running read grant on this child, or ``None``.

    Both halves must agree: the grant row (not ended, not past its time: access ends on
    the minute even if the beat job that tidies up is late) and guardian's per-record
    permission (removed when the grant ends or is revoked).
    """
    # Someone who no longer works on cases anywhere reads nothing, whatever they were given.
    if not is_person(actor) or not may_read_casework(actor):
        return None
    grant = (
        ChildReadGrant.objects.live(timezone.now())
        .filter(user_id=actor.pk, child_id=child_id)
        .order_by("-expires_at")
        .first()
    )
    if grant is None:
        return None
    mirrored = ChildUserObjectPermission.objects.filter(
        user_id=actor.pk, content_object_id=child_id, permission__codename=READ_PERMISSION
    ).exists()
    return grant if mirrored else None


def require_propose_transfer(actor: Who, child: Child) -> None:
    if not may_propose_transfer(actor, child):
        raise PermissionDenied("Only a team leader of the child's community proposes a transfer.")


def require_decide_transfer(actor: Who, transfer: ChildTransfer) -> None:
    if not may_decide_transfer(actor, transfer):
        raise PermissionDenied("Only a team leader of the receiving community decides a transfer.")


def require_withdraw_transfer(actor: Who, transfer: ChildTransfer) -> None:
    if not may_withdraw_transfer(actor, transfer):
        raise PermissionDenied("Only a team leader of the sending community withdraws it.")


def require_break_glass(actor: Who) -> None:
    if not may_break_glass(actor):
        raise PermissionDenied("Emergency access is for practitioners and team leaders.")


def require_review_emergency_access(actor: Who) -> None:
    if not may_review_emergency_access(actor):
        raise PermissionDenied("The emergency access report is for administrators.")


def require_see_transfer(actor: Who, transfer: ChildTransfer) -> None:
    if not may_see_transfer(actor, transfer):
        raise PermissionDenied("Transfers are decided by the two communities' team leaders.")


def may_read_transfers(actor: Who) -> bool:
    """The transfers page: anyone who leads a team."""
    return is_person(actor) and leads_any_team(actor)


def require_read_transfers(actor: Who) -> None:
    if not may_read_transfers(actor):
        raise PermissionDenied("Transfers are for team leaders.")
