"""Emergency ("break-glass") access to another community's child.

A practitioner or team leader who must act for a child of another community (a child
turning up in Darwin at night) searches that community by the child's exact name and
date of birth: there is no partial-name search across communities, so nobody can browse
another community's children. They state a reason and get read access to that one
child's record for ``settings.CWSP_EMERGENCY_ACCESS_HOURS`` hours. The home community's
team leaders are notified at once; every read through the grant is audited with the
reason (``selectors_grants.audit_granted_read``); administrators see every grant and its
reads, and may revoke one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor
from core.tasks import enqueue_on_commit
from partnerships.fence import community_scope
from partnerships.models import Community, Partnership

from ..models import Child, ChildReadGrant
from ..permissions import casework_ids, require_person
from ..permissions_transfers import require_break_glass, require_review_emergency_access
from .grants import read_grant_end, read_grant_open

NOTIFY_EMERGENCY = "notifications.tasks.emergency_access_notify"


@dataclass(frozen=True)
class EmergencyMatch:
    """What the search shows of a child found: enough to be sure it is the right child."""

    child_id: int
    name: str
    date_of_birth: datetime.date
    community_id: int
    community_name: str


def _exact(value: str) -> str:
    return " ".join((value or "").split())


def _refuse_community(actor: Actor, community: Community) -> None:
    if community.pk in casework_ids(actor):
        raise ValidationError(
            {"community": ["This is your own community: find the child on the children page."]}
        )
    try:
        keeps = community.partnership.keeps_case_records
    except Partnership.DoesNotExist:
        keeps = True
    if not keeps:
        raise ValidationError({"community": [f"{community.name} keeps no case records."]})


def _refuse_too_many(actor: Actor) -> None:
    """Exact matching stops browsing; a cap on searches stops guessing names and birth
    dates one after another. Counted from the audit log, so every web node agrees."""
    limit = settings.CWSP_EMERGENCY_SEARCHES_PER_HOUR
    since = timezone.now() - datetime.timedelta(hours=1)
    done = AuditEvent.objects.filter(
        actor_id=actor.pk, occurred_at__gte=since, detail__what="emergency_search"
    ).count()
    if done >= limit:
        raise ValidationError(
            f"You have made {done} emergency searches in the last hour, the most allowed. "
            "Ask the child's home team leader, or try again later."
        )


def emergency_search(
    *,
    actor: Actor,
    community: Community,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
) -> list[EmergencyMatch]:
    """Children of ``community`` with exactly this name (given or preferred, and family;
    letter case and spacing aside) and this date of birth. The search itself is audited."""
    require_break_glass(actor)
    given, family = _exact(given_name), _exact(family_name)
    errors = {}
    if not given:
        errors["given_name"] = ["Enter the child's given name in full."]
    if not family:
        errors["family_name"] = ["Enter the child's family name in full."]
    if date_of_birth is None:
        errors["date_of_birth"] = ["Enter the child's date of birth."]
    if errors or date_of_birth is None:
        raise ValidationError(errors)
    _refuse_community(actor, community)
    _refuse_too_many(actor)
    with community_scope([community.pk]):
        rows = list(
            Child.objects.filter(
                community=community, date_of_birth=date_of_birth, family_name__iexact=family
            )
            .filter(Q(given_name__iexact=given) | Q(preferred_name__iexact=given))
            .order_by("pk")
        )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.READ,
        object_type="casework.child",
        community_id=community.pk,
        child_id=rows[0].pk if len(rows) == 1 else None,
        detail={"what": "emergency_search", "found": [c.pk for c in rows]},
    )
    return [
        EmergencyMatch(c.pk, c.display_name, c.date_of_birth, community.pk, community.name)
        for c in rows
    ]


def emergency_access_grant(
    *,
    actor: Actor,
    community: Community,
    child_id: int,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    reason: str,
) -> ChildReadGrant:
    """Read access to the one child the exact search finds, for the configured hours.

    The search is run again here: a grant is only ever for a child found by name and date
    of birth, never for an id alone.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why you need this child's record now."]})
    matches = emergency_search(
        actor=actor,
        community=community,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
    )
    if child_id not in {m.child_id for m in matches}:
        raise ValidationError("No child of that community has exactly this name and birth date.")
    with transaction.atomic(), community_scope([community.pk]):
        child = Child.objects.get(pk=child_id)
        grant = read_grant_open(
            actor=actor,
            user_id=require_person(actor).pk,
            child=child,
            kind=ChildReadGrant.Kind.EMERGENCY,
            reason=reason,
            lasts=datetime.timedelta(hours=settings.CWSP_EMERGENCY_ACCESS_HOURS),
        )
        enqueue_on_commit(NOTIFY_EMERGENCY, community.pk, grant.pk)
    return grant


def emergency_access_revoke(*, actor: Actor, grant: ChildReadGrant) -> ChildReadGrant:
    require_review_emergency_access(actor)
    with transaction.atomic():
        locked = ChildReadGrant.objects.select_for_update().get(pk=grant.pk)
        return read_grant_end(actor=actor, grant=locked, ending=ChildReadGrant.Ending.REVOKED)
