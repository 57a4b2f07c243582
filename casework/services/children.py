"""Children and the households they belong to."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from core.actors import Actor
from partnerships.models import Community, Organisation

from ..contact_due import case_refresh_contact_due
from ..models import Case, Child, Family, FamilyMember
from ..permissions import require_work_cases_in
from .base import UNSET, Unset, audit, clean, given, in_community_of

CHILD_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "gender",
    "aboriginal_status",
    "languages",
    "kinship_group",
    "residence",
    "carer_name",
    "placement",
)


def _check_child(child: Child) -> None:
    if child.date_of_birth and child.date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": ["The date of birth cannot be in the future."]})
    clean(child)


@in_community_of("community")
def child_create(
    *,
    actor: Actor,
    community: Community,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date,
    preferred_name: str = "",
    gender: str = Child.Gender.NOT_STATED,
    aboriginal_status: str = Child.AboriginalStatus.NOT_STATED,
    languages: str = "",
    kinship_group: str = "",
    residence: str = Child.Residence.IN_COMMUNITY,
    carer_name: str = "",
    placement: str = Child.Placement.NONE,
) -> Child:
    require_work_cases_in(actor, community.pk)
    child = Child(
        community=community,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        preferred_name=preferred_name,
        gender=gender,
        aboriginal_status=aboriginal_status,
        languages=languages,
        kinship_group=kinship_group,
        residence=residence,
        carer_name=carer_name,
        placement=placement,
    )
    _check_child(child)
    child.save()
    audit(actor, AuditEvent.Action.CREATE, child, child_id=child.pk)
    return child


@in_community_of("child")
def child_update(
    *,
    actor: Actor,
    child: Child,
    given_name: str | Unset = UNSET,
    family_name: str | Unset = UNSET,
    date_of_birth: datetime.date | Unset = UNSET,
    preferred_name: str | Unset = UNSET,
    gender: str | Unset = UNSET,
    aboriginal_status: str | Unset = UNSET,
    languages: str | Unset = UNSET,
    kinship_group: str | Unset = UNSET,
    residence: str | Unset = UNSET,
    carer_name: str | Unset = UNSET,
    placement: str | Unset = UNSET,
) -> Child:
    """Change what is given; the rest stays as it is."""
    require_work_cases_in(actor, child.community_id)
    fields = given(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        preferred_name=preferred_name,
        gender=gender,
        aboriginal_status=aboriginal_status,
        languages=languages,
        kinship_group=kinship_group,
        residence=residence,
        carer_name=carer_name,
        placement=placement,
    )
    changed = [name for name, value in fields.items() if getattr(child, name) != value]
    for name in changed:
        setattr(child, name, fields[name])
    _check_child(child)
    child.save()
    if "residence" in changed:
        # Moving interstate (or back) changes which form of the six-week rule applies.
        for case in Case.objects.filter(child=child).open().select_related("child"):
            case_refresh_contact_due(case)
    audit(actor, AuditEvent.Action.UPDATE, child, child_id=child.pk, detail={"fields": changed})
    return child


class FamilyMemberInput(TypedDict, total=False):
    """A member of a household: a child of its community, or a named adult."""

    child: Child | None
    person_name: str
    relationship: str
    takes_part_in_decisions: bool


def _family_members_add(
    *, family: Family, members: Iterable[FamilyMemberInput]
) -> list[FamilyMember]:
    created = []
    for row in members:
        child = row.get("child")
        if child is not None and child.community_id != family.community_id:
            raise ValidationError("A child of this household must belong to its community.")
        member = FamilyMember(
            family=family,
            community_id=family.community_id,
            child=child,
            person_name=row.get("person_name", ""),
            relationship=row.get("relationship", ""),
            takes_part_in_decisions=bool(row.get("takes_part_in_decisions", False)),
        )
        clean(member)
        member.save()
        created.append(member)
    return created


@in_community_of("community")
def family_create(
    *,
    actor: Actor,
    community: Community,
    name: str,
    nominated_people: str = "",
    nominated_kinship_group: str = "",
    nominated_organisation: Organisation | None = None,
    nominated_community: Community | None = None,
    members: Iterable[FamilyMemberInput] = (),
) -> Family:
    """A household, its members and the people it nominates to take part in decisions."""
    require_work_cases_in(actor, community.pk)
    family = Family(
        community=community,
        name=name,
        nominated_people=nominated_people,
        nominated_kinship_group=nominated_kinship_group,
        nominated_organisation=nominated_organisation,
        nominated_community=nominated_community,
    )
    clean(family)
    family.save()
    _family_members_add(family=family, members=members)
    audit(actor, AuditEvent.Action.CREATE, family, child_id=None)
    return family


FAMILY_FIELDS = (
    "name",
    "nominated_people",
    "nominated_kinship_group",
    "nominated_organisation",
    "nominated_community",
)


@in_community_of("family")
def family_update(
    *,
    actor: Actor,
    family: Family,
    add_members: Iterable[FamilyMemberInput] = (),
    name: str | Unset = UNSET,
    nominated_people: str | Unset = UNSET,
    nominated_kinship_group: str | Unset = UNSET,
    nominated_organisation: Organisation | None | Unset = UNSET,
    nominated_community: Community | None | Unset = UNSET,
) -> Family:
    require_work_cases_in(actor, family.community_id)
    fields = given(
        name=name,
        nominated_people=nominated_people,
        nominated_kinship_group=nominated_kinship_group,
        nominated_organisation=nominated_organisation,
        nominated_community=nominated_community,
    )
    for field, value in fields.items():
        setattr(family, field, value)
    clean(family)
    family.save()
    _family_members_add(family=family, members=add_members)
    audit(actor, AuditEvent.Action.UPDATE, family, child_id=None, detail={"fields": list(fields)})
    return family
