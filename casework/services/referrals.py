"""Referrals of the family to a service: an IFPS location, or another service by name."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from core.actors import Actor

from ..models import Case, Referral
from ..permissions import require_person, require_work_cases_in
from .base import UNSET, Unset, audit, clean, given, in_community_of, require_open
from .history import history_before, record_change


@in_community_of("case")
def referral_create(
    *,
    actor: Actor,
    case: Case,
    service: str,
    referred_on: datetime.date,
    ifps_location: str = "",
    other_service_name: str = "",
    status: str = Referral.Status.PROPOSED,
    notes: str = "",
) -> Referral:
    require_work_cases_in(actor, case.community_id)
    author = require_person(actor)
    require_open(case)
    errors: dict[str, list[str]] = {}
    if service == Referral.Service.IFPS:
        if ifps_location not in Referral.IfpsLocation.values:
            errors["ifps_location"] = [
                "Choose where the service is offered: Alice Springs, Tennant Creek, Katherine, "
                "Darwin or Nhulunbuy."
            ]
        other_service_name = ""
    elif service == Referral.Service.OTHER:
        if not other_service_name.strip():
            errors["other_service_name"] = ["Name the service the family is referred to."]
        ifps_location = ""
    else:
        errors["service"] = ["Choose the service."]
    if referred_on and referred_on > timezone.localdate():
        errors["referred_on"] = ["The referral date cannot be in the future."]
    if errors:
        raise ValidationError(errors)
    referral = Referral(
        community_id=case.community_id,
        case=case,
        service=service,
        ifps_location=ifps_location,
        other_service_name=other_service_name.strip(),
        status=status,
        referred_on=referred_on,
        notes=notes,
        created_by=author,
    )
    clean(referral)
    referral.save()
    audit(actor, AuditEvent.Action.CREATE, referral, child_id=case.child_id)
    return referral


@in_community_of("referral")
def referral_update(
    *,
    actor: Actor,
    referral: Referral,
    reason: str = "",
    status: str | Unset = UNSET,
    notes: str | Unset = UNSET,
) -> Referral:
    """Change the referral's status or notes (what is given)."""
    require_work_cases_in(actor, referral.community_id)
    fields = given(status=status, notes=notes)
    if "status" in fields and fields["status"] not in Referral.Status.values:
        raise ValidationError({"status": [_("Choose the referral's status.")]})
    before = history_before(referral, ("status", "notes"))
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.save()
    record_change(
        actor=actor, obj=referral, before=before, reason=reason, child_id=referral.case.child_id
    )
    audit(
        actor,
        AuditEvent.Action.UPDATE,
        referral,
        child_id=referral.case.child_id,
        detail={"status": referral.status},
    )
    return referral
