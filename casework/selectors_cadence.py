"""Reads for contact cadence and missed-contact reasons: what the case and caseload pages
show beside the status, the Partnership's cadence page, and their histories."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from core.actors import Actor
from partnerships.models import Community

from .cadence import CadenceInForce, cadence_in_force
from .models import CadenceRule, Case, MissedContactReason, RecordChange
from .permissions import may_read_partnership_cadence
from .selectors import _get

CasesT = TypeVar("CasesT", bound=QuerySet[Case])


def _current_reasons(case_ref: str = "pk") -> QuerySet[MissedContactReason]:
    """Reasons recorded for the case's current gap between contacts, latest first."""
    return MissedContactReason.objects.filter(
        case=OuterRef(case_ref),
        gap_from=Coalesce(OuterRef("last_face_to_face_on"), OuterRef("opened_on")),
    ).order_by("-recorded_at", "-id")


def with_missed_reason(queryset: CasesT) -> CasesT:
    """Each case with the latest reason for its current gap (``missed_reason``, a code) and
    whether a team leader acknowledged it (``missed_reason_acknowledged``). In the same
    query as the list: two subqueries, no query per row."""
    latest = _current_reasons()
    return queryset.annotate(
        missed_reason=Subquery(latest.values("reason")[:1]),
        missed_reason_acknowledged=Subquery(
            latest.annotate(
                ack=ExpressionWrapper(Q(acknowledged_at__isnull=False), output_field=BooleanField())
            ).values("ack")[:1]
        ),
    )


def reason_words(code: str | None) -> str:
    return MissedContactReason.Reason(code).label if code else ""


def current_missed_contact(case: Case) -> MissedContactReason | None:
    """The latest reason recorded for the case's current gap, if any."""
    return (
        MissedContactReason.objects.filter(
            case=case, gap_from=case.last_face_to_face_on or case.opened_on
        )
        .select_related("recorded_by", "acknowledged_by", "task")
        .order_by("-recorded_at", "-id")
        .first()
    )


def missed_contacts_of(case: Case) -> QuerySet[MissedContactReason]:
    """Every reason recorded on the case, newest first."""
    return MissedContactReason.objects.filter(case=case).order_by("-recorded_at", "-id")


def missed_contact_get(*, actor: Actor, missed_id: int) -> MissedContactReason:
    return _get(
        MissedContactReason.objects.select_related("case", "case__child", "recorded_by"),
        missed_id,
        actor=actor,
    )


def case_cadence_history(case: Case) -> list[RecordChange]:
    """Every change to the cadence of this case: its own, and its Partnership's for its
    kind of case (at any risk level), newest first."""
    return list(
        RecordChange.objects.filter(community_id=case.community_id)
        .filter(
            Q(
                record_type="casework.case",
                record_id=case.pk,
                new_values__has_key="own_cadence_days",
            )
            | Q(record_type="casework.cadencerule", new_values__kind=case.kind)
        )
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
    )


def case_cadence_shown(case: Case) -> CadenceInForce:
    return cadence_in_force(case)


def partnership_community_get(*, actor: Actor, community_id: int) -> Community:
    """The community whose Partnership cadences the actor may see (404 otherwise)."""
    if not may_read_partnership_cadence(actor, community_id):
        raise Http404("No such community.")
    try:
        return Community.objects.select_related("partnership").get(pk=community_id)
    except ObjectDoesNotExist:
        raise Http404("No such community.") from None


def cadence_rules_of(community: Community) -> list[CadenceRule]:
    return list(
        CadenceRule.objects.filter(community_id=community.pk)
        .select_related("set_by")
        .order_by("kind", "risk_level", "id")
    )


def partnership_cadence_history(community: Community) -> list[RecordChange]:
    return list(
        RecordChange.objects.filter(community_id=community.pk, record_type="casework.cadencerule")
        .select_related("changed_by")
        .order_by("-changed_at", "-id")[:100]
    )


def cadence_rule_get(*, actor: Actor, rule_id: int) -> CadenceRule:
    rule = CadenceRule.objects.filter(pk=rule_id).first() if str(rule_id).isdigit() else None
    if rule is None or not may_read_partnership_cadence(actor, rule.community_id):
        raise Http404("No such cadence.")
    return rule
