"""Setting a stricter contact cadence: a Partnership's, per case kind and risk level, and
a team leader's for one case. Each change keeps its history (``RecordChange``) and the due
dates of every case it touches are worked out again at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from core.actors import Actor, SystemActor
from partnerships.models import Community

from .. import rules
from ..cadence import cadence_in_force
from ..contact_due import case_refresh_contact_due
from ..models import CadenceRule, Case, CaseCadence
from ..permissions import require_set_case_cadence, require_set_partnership_cadence
from .base import audit, in_community_of, require_open
from .history import record_change


def _person(actor: Actor):
    return None if isinstance(actor, SystemActor) else actor


def _refuse(refusal: str | None) -> None:
    if refusal:
        raise ValidationError({"cadence_days": [refusal]})


def _refresh_cases(*, community_id: int, kind: str) -> int:
    """Work out again the due dates of the community's open cases of ``kind``."""
    cases = (
        Case.objects.filter(community_id=community_id, kind=kind)
        .open()
        .select_related("child")
        .order_by("id")
    )
    count = 0
    for case in cases.iterator(chunk_size=500):
        case_refresh_contact_due(case)
        count += 1
    return count


def _rule_history(actor: Actor, rule: CadenceRule, was: int | None, now: int | None, reason: str):
    record_change(
        actor=actor,
        obj=rule,
        before={},
        reason=reason,
        also={
            "kind": (rule.kind, rule.kind),
            "risk_level": (rule.risk_level, rule.risk_level),
            "cadence_days": (was, now),
        },
    )


@in_community_of("community")
def cadence_rule_set(
    *,
    actor: Actor,
    community: Community,
    kind: str,
    risk_level: str,
    cadence_days: int,
    reason: str = "",
) -> CadenceRule:
    """Set (or change) the Partnership's cadence for ``kind`` at ``risk_level`` ("" for
    any). Refused for a child in care beyond 42 days: the policy minimum stands."""
    require_set_partnership_cadence(actor, community.pk)
    if kind not in Case.Kind.values:
        raise ValidationError({"kind": ["Choose a kind of case."]})
    _refuse(rules.cadence_refusal(kind=kind, cadence_days=cadence_days))
    rule = CadenceRule.objects.filter(
        community_id=community.pk, kind=kind, risk_level=risk_level
    ).first()
    was = rule.cadence_days if rule else None
    if rule is None:
        rule = CadenceRule(community_id=community.pk, kind=kind, risk_level=risk_level)
    rule.cadence_days = cadence_days
    rule.reason = reason.strip()
    rule.set_by = _person(actor)
    rule.set_at = timezone.now()
    rule.full_clean(validate_unique=False)
    rule.save()
    _rule_history(actor, rule, was, cadence_days, rule.reason)
    audit(actor, AuditEvent.Action.UPDATE, rule, child_id=None, detail={"kind": kind})
    _refresh_cases(community_id=community.pk, kind=kind)
    return rule


@in_community_of("rule")
def cadence_rule_remove(*, actor: Actor, rule: CadenceRule, reason: str = "") -> None:
    """End a Partnership's cadence: its cases return to the policy (or another rule)."""
    require_set_partnership_cadence(actor, rule.community_id)
    _rule_history(actor, rule, rule.cadence_days, None, reason.strip())
    audit(
        actor,
        AuditEvent.Action.UPDATE,
        rule,
        child_id=None,
        detail={"kind": rule.kind, "ended": True},
    )
    community_id, kind = rule.community_id, rule.kind
    rule.delete()
    _refresh_cases(community_id=community_id, kind=kind)


@in_community_of("case")
def case_cadence_set(
    *, actor: Actor, case: Case, cadence_days: int | None, reason: str
) -> CaseCadence | None:
    """Set this case's own cadence (``None`` ends it). A team leader's cadence may be
    stricter than the one otherwise in force, never looser, and says why."""
    require_set_case_cadence(actor, case)
    require_open(case)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ["Say why this case needs its own cadence."]})
    own = CaseCadence.objects.filter(case_id=case.pk).first()
    was = own.cadence_days if own else None
    if cadence_days is None:
        if own is None:
            raise ValidationError("This case has no cadence of its own to end.")
        own.delete()
        own = None
    else:
        otherwise = cadence_in_force(case, exclude_case_cadence=True).days
        _refuse(
            rules.cadence_refusal(
                kind=case.kind, cadence_days=cadence_days, otherwise_in_force=otherwise
            )
        )
        if own is None:
            own = CaseCadence(community_id=case.community_id, case=case)
        own.cadence_days = cadence_days
        own.reason = reason
        own.set_by = _person(actor)
        own.set_at = timezone.now()
        own.save()
    record_change(
        actor=actor,
        obj=case,
        before={},
        reason=reason,
        child_id=case.child_id,
        also={"own_cadence_days": (was, cadence_days)},
    )
    audit(actor, AuditEvent.Action.UPDATE, case, child_id=case.child_id, detail={"cadence": True})
    case_refresh_contact_due(case)
    return own
