"""A Partnership's members after onboarding: organisations and people join and leave.

Ending a member keeps the row: it stays listed as ended, with its last day and who
recorded the end. Both changes are audited (ids and field names only).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from core.actors import Actor, is_system

from ..models import Organisation, Partnership, PartnershipMember
from ..permissions import require_governance_editor
from .base import audit_governance, person_of, save_checked


def _organisation_named(name: str, kind: str) -> Organisation | None:
    name = (name or "").strip()
    if not name:
        return None
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    if kind not in Organisation.Kind.values:
        raise ValidationError(
            {"organisation_kind": _("Say what kind of organisation this new one is.")}
        )
    return save_checked(Organisation(name=name, kind=kind))


@transaction.atomic
def partnership_member_add(
    *,
    actor: Actor,
    partnership: Partnership,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    organisation_kind: str = "",
    person_name: str = "",
    role: str = "",
    is_community_leader: bool = False,
    is_aboriginal: bool = False,
    starts_on: datetime.date | None = None,
) -> PartnershipMember:
    """An organisation (chosen, or named and created) and/or a person joins the Partnership."""
    require_governance_editor(actor, partnership.community)
    if organisation is None:
        organisation = _organisation_named(organisation_name, organisation_kind)
    member = save_checked(
        PartnershipMember(
            partnership=partnership,
            community_id=partnership.community_id,
            organisation=organisation,
            person_name=(person_name or "").strip(),
            role=(role or "").strip(),
            is_community_leader=is_community_leader,
            is_aboriginal=is_aboriginal,
            starts_on=starts_on or timezone.localdate(),
        )
    )
    audit_governance(
        actor,
        member,
        AuditEvent.Action.CREATE,
        detail={"model": "partnership_member", "partnership_id": partnership.pk},
    )
    return member


@transaction.atomic
def partnership_member_end(
    *, actor: Actor, member: PartnershipMember, ends_on: datetime.date | None = None
) -> PartnershipMember:
    """Record the member's last day (default today); the member stays listed as ended."""
    require_governance_editor(actor, member.community)
    if member.ends_on is not None:
        raise ValidationError(
            {
                "ends_on": _("%(member)s already left on %(date)s.")
                % {"member": member, "date": date_format(member.ends_on, "d M Y")}
            }
        )
    last_day = ends_on or timezone.localdate()
    if last_day < member.starts_on:
        raise ValidationError(
            {
                "ends_on": _("The date they left cannot be before %(member)s joined (%(date)s).")
                % {"member": member, "date": date_format(member.starts_on, "d M Y")}
            }
        )
    member.ends_on = last_day
    member.ended_by = person_of(actor)
    member.ended_by_system = actor.name if is_system(actor) else ""  # type: ignore[union-attr]
    member.ended_at = timezone.now()
    save_checked(member)
    audit_governance(
        actor,
        member,
        AuditEvent.Action.UPDATE,
        detail={"model": "partnership_member", "field": "ends_on"},
    )
    return member
