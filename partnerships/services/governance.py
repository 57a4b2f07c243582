"""Writes to a Partnership's governance: case records setting, tiers, priorities, people, money.

Every write is the community's coordinators' (or an administrator's, or the product's own
when it seeds): ``permissions.require_governance_editor`` first, then the record is
created under its parent's community, never one the caller names.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor

from ..models import (
    GovernanceTier,
    Investment,
    LocalPriority,
    Organisation,
    Partnership,
    PartnershipWorker,
    PriorityAction,
    TierMember,
)
from ..permissions import require_case_records_switcher, require_governance_editor
from .base import audit_governance, save_checked


@transaction.atomic
def partnership_set_case_records(
    *, actor: Actor, partnership: Partnership, keeps_case_records: bool
) -> Partnership:
    """Run the partnership with or without individual case records (administrators only)."""
    require_case_records_switcher(actor)
    partnership.keeps_case_records = keeps_case_records
    partnership.save(update_fields=["keeps_case_records"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=partnership,
        community_id=partnership.community_id,
        detail={"field": "keeps_case_records", "value": keeps_case_records},
    )
    return partnership


@transaction.atomic
def tier_create(
    *,
    actor: Actor,
    partnership: Partnership,
    kind: str,
    name: str,
    priority: LocalPriority | None = None,
    description: str = "",
) -> GovernanceTier:
    require_governance_editor(actor, partnership.community)
    if priority is not None and priority.partnership_id != partnership.pk:
        raise ValidationError({"priority": _("Choose one of this partnership's priorities.")})
    tier = save_checked(
        GovernanceTier(
            partnership=partnership,
            community=partnership.community,
            kind=kind,
            name=name,
            priority=priority,
            description=description,
        )
    )
    audit_governance(actor, tier, AuditEvent.Action.CREATE)
    return tier


@transaction.atomic
def tier_member_add(
    *,
    actor: Actor,
    tier: GovernanceTier,
    person_name: str = "",
    organisation: Organisation | None = None,
    position: str = "",
    is_aboriginal_community_member: bool = False,
    is_from_acco: bool = False,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> TierMember:
    require_governance_editor(actor, tier.community)
    member = save_checked(
        TierMember(
            tier=tier,
            community=tier.community,
            person_name=person_name,
            organisation=organisation,
            position=position,
            is_aboriginal_community_member=is_aboriginal_community_member,
            is_from_acco=is_from_acco,
            starts_on=starts_on or timezone.localdate(),
            ends_on=ends_on,
        )
    )
    audit_governance(actor, member, AuditEvent.Action.CREATE, detail={"tier_id": tier.pk})
    return member


@transaction.atomic
def tier_member_end(
    *, actor: Actor, member: TierMember, ends_on: datetime.date | None = None
) -> TierMember:
    require_governance_editor(actor, member.community)
    member.ends_on = max(ends_on or timezone.localdate(), member.starts_on)
    save_checked(member)
    audit_governance(actor, member, AuditEvent.Action.UPDATE, detail={"field": "ends_on"})
    return member


@transaction.atomic
def priority_create(
    *, actor: Actor, partnership: Partnership, title: str, area: str, description: str = ""
) -> LocalPriority:
    require_governance_editor(actor, partnership.community)
    priority = save_checked(
        LocalPriority(
            partnership=partnership,
            community=partnership.community,
            title=title,
            area=area,
            description=description,
        )
    )
    audit_governance(actor, priority, AuditEvent.Action.CREATE)
    return priority


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    priority: LocalPriority,
    description: str,
    owner: str,
    due_on: datetime.date,
    status: str = PriorityAction.Status.PLANNED,
) -> PriorityAction:
    require_governance_editor(actor, priority.community)
    if priority.retired_on is not None:
        raise ValidationError("This priority is retired: it takes no new actions.")
    action = PriorityAction(
        priority=priority,
        community=priority.community,
        description=description,
        owner=owner,
        due_on=due_on,
        status=status,
        completed_on=timezone.localdate() if status == PriorityAction.Status.DONE else None,
    )
    save_checked(action)
    audit_governance(actor, action, AuditEvent.Action.CREATE, detail={"priority_id": priority.pk})
    return action


@transaction.atomic
def action_update(
    *,
    actor: Actor,
    action: PriorityAction,
    status: str,
    due_on: datetime.date | None = None,
    completed_on: datetime.date | None = None,
) -> PriorityAction:
    require_governance_editor(actor, action.community)
    action.status = status
    if due_on is not None:
        action.due_on = due_on
    if status == PriorityAction.Status.DONE:
        action.completed_on = completed_on or action.completed_on or timezone.localdate()
    else:
        action.completed_on = None
    save_checked(action)
    audit_governance(actor, action, AuditEvent.Action.UPDATE, detail={"status": status})
    return action


@transaction.atomic
def worker_add(
    *,
    actor: Actor,
    partnership: Partnership,
    role_title: str,
    person_name: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    organisation: Organisation | None = None,
) -> PartnershipWorker:
    require_governance_editor(actor, partnership.community)
    worker = save_checked(
        PartnershipWorker(
            partnership=partnership,
            community=partnership.community,
            role_title=role_title,
            person_name=person_name,
            organisation=organisation,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    )
    audit_governance(actor, worker, AuditEvent.Action.CREATE)
    return worker


@transaction.atomic
def investment_record(
    *,
    actor: Actor,
    partnership: Partnership,
    financial_year: int,
    purpose: str,
    amount: Decimal,
    funder: str = "",
) -> Investment:
    require_governance_editor(actor, partnership.community)
    investment = save_checked(
        Investment(
            partnership=partnership,
            community=partnership.community,
            financial_year=financial_year,
            purpose=purpose,
            amount=amount,
            funder=funder,
        )
    )
    audit_governance(actor, investment, AuditEvent.Action.CREATE)
    return investment
