"""Reading one child's record through a read grant, and the reads behind the access pages.

``grant_reading`` is the one place the fence opens beyond the actor's communities: for a
read page of one child, when ``permissions_transfers.live_read_grant`` says the actor holds
a running grant on that child, it adds the child's community to the request's scope for
the lookup (and nothing else); the single-record selector then finds that child's rows
only (``selectors._get`` with ``grant``). Lists, searches and every write never pass a
grant, so they never see the child.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django_scopes import get_scope, scopes_disabled

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor
from partnerships.fence import community_scope
from partnerships.models import Community
from partnerships.selectors import community_ids_in_scope

from .models import Case, Child, ChildReadGrant, ChildTransfer
from .permissions import casework_ids, is_person, team_leader_ids
from .permissions_transfers import live_read_grant

GRANTED_READ = "granted_read"


def _child_of_case(case_id: Any) -> int | None:
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        return None
    with scopes_disabled():
        return Case.objects.filter(pk=pk).values_list("child_id", flat=True).first()


@contextmanager
def grant_reading(
    actor: Actor, *, child_id: Any = None, case_id: Any = None
) -> Iterator[ChildReadGrant | None]:
    """The actor's running grant on the child (of the case), with the fence opened to the
    child's community inside this block; ``None`` (and the fence as it was) otherwise."""
    if child_id is None and case_id is not None:
        child_id = _child_of_case(case_id)
    try:
        child_pk = int(child_id)
    except (TypeError, ValueError):
        child_pk = 0
    grant = live_read_grant(actor, child_pk) if child_pk else None
    with fence_opened_for(grant):
        yield grant


@contextmanager
def fence_opened_for(grant: ChildReadGrant | None) -> Iterator[None]:
    """The fence opened to the community of a grant already found by ``grant_reading``,
    for what a read page fetches after the record (the child page's contacts sections);
    the fence as it was without one."""
    state = get_scope()
    current = state.get("community")
    if grant is None or not state.get("_enabled") or current is None:
        yield
        return
    with community_scope([*current, grant.community_id]):
        yield


def audit_granted_read(*, actor: Actor, grant: ChildReadGrant, obj: Any) -> AuditEvent:
    """Every read through a grant is recorded with the grant and its reason."""
    child_id = grant.child_id
    return audit_record(
        actor=actor,
        action=AuditEvent.Action.READ,
        obj=obj,
        child_id=child_id,
        community_id=grant.community_id,
        detail={
            "what": GRANTED_READ,
            "grant_id": grant.pk,
            "kind": grant.kind,
            "reason": grant.reason,
        },
    )


# --- transfers ------------------------------------------------------------------------------


def transfer_get(*, actor: Actor, transfer_id: Any) -> ChildTransfer:
    """One transfer from or to the actor's communities (404 otherwise)."""
    try:
        return transfers_seen_by(actor=actor).get(pk=int(transfer_id))
    except (ChildTransfer.DoesNotExist, TypeError, ValueError):
        raise Http404("No such transfer.") from None


def transfers_for(*, actor: Actor) -> QuerySet[ChildTransfer]:
    """Transfers from or to a community where the actor leads a team, newest first."""
    ids = team_leader_ids(actor)
    return transfers_seen_by(actor=actor).filter(
        Q(from_community_id__in=ids) | Q(to_community_id__in=ids)
    )


def transfer_child_names(transfers: list[ChildTransfer]) -> dict[int, tuple[str, Any]]:
    """child id → (name, date of birth) for transfers the actor may see.

    The receiving team leader decides about a child whose record is still in the sending
    community: the name and date of birth are what they need to know whom they accept.
    """
    ids = {t.child_id for t in transfers}
    with scopes_disabled():
        rows = Child.objects.filter(pk__in=ids).values_list(
            "pk", "given_name", "preferred_name", "family_name", "date_of_birth"
        )
        return {pk: (f"{pref or given} {family}", dob) for pk, given, pref, family, dob in rows}


# --- the emergency access report --------------------------------------------------------------


def _reads_of_grant() -> Subquery:
    reads = (
        AuditEvent.objects.filter(action=AuditEvent.Action.READ, detail__what=GRANTED_READ)
        .annotate(grant=Cast("detail__grant_id", IntegerField()))
        .filter(grant=OuterRef("pk"))
        .order_by()
        .values("grant")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Subquery(reads, output_field=IntegerField())


def emergency_grants() -> QuerySet[ChildReadGrant]:
    """Every emergency grant, newest first, with how many reads it gave (for administrators)."""
    return (
        ChildReadGrant.objects.filter(kind=ChildReadGrant.Kind.EMERGENCY)
        .select_related("user", "community", "ended_by")
        .annotate(reads=_reads_of_grant())
    )


def emergency_grant_reads(grant: ChildReadGrant) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.READ, detail__what=GRANTED_READ, detail__grant_id=grant.pk
    ).order_by("-occurred_at", "-id")


def transfers_seen_by(*, actor: Actor) -> QuerySet[ChildTransfer]:
    """Transfers from or to any community the actor works in (a role there that does not
    decide transfers is refused by ``permissions_transfers.require_see_transfer``: 403)."""
    ids = community_ids_in_scope(actor) if is_person(actor) else []
    return (
        ChildTransfer.objects.filter(from_community_id__in=ids)
        | ChildTransfer.objects.filter(to_community_id__in=ids)
    ).select_related(
        "from_community", "to_community", "proposed_by", "decided_by", "receiving_practitioner"
    )


def transfer_destinations(*, child: Child) -> list[tuple[int, str]]:
    """Communities a child's record may move to: every other one that keeps case records."""
    rows = (
        Community.objects.exclude(pk=child.community_id)
        .exclude(partnership__keeps_case_records=False)
        .order_by("name")
        .values_list("pk", "name")
    )
    return list(rows)


def emergency_communities(*, actor: Actor) -> list[tuple[int, str]]:
    """Communities an emergency search may look in: those keeping case records, not the
    actor's own (their own children are on the children page)."""
    return list(
        Community.objects.exclude(pk__in=casework_ids(actor))
        .exclude(partnership__keeps_case_records=False)
        .order_by("name")
        .values_list("pk", "name")
    )
