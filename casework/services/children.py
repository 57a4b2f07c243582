"""Children and the households they belong to."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from core.actors import Actor
from partnerships.models import Community, Organisation

from .. import rules
from ..contact_due import case_refresh_contact_due
from ..models import Case, Child, Family, FamilyMember
from ..permissions import require_work_cases_in
from .base import UNSET, Unset, audit, clean, given, in_community_of
from .history import history_before, record_change

CHILD_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "alternative_names",
    "date_of_birth",
    "gender",
    "aboriginal_status",
    "languages",
    "interpreter_needs",
    "kinship_group",
    "residence",
    "residence_changed_on",
    "carer_name",
    "placement",
)
# What a correction keeps in the history (the rule's start day follows from residence).
CHILD_HISTORY_FIELDS = (*CHILD_FIELDS, "contact_rule_since")


def _check_child(child: Child) -> None:
    if child.date_of_birth and child.date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": [_("The date of birth cannot be in the future.")]})
    clean(child)


@in_community_of("community")
def child_create(
    *,
    actor: Actor,
    community: Community,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date,
    gender: str,
    aboriginal_status: str,
    preferred_name: str = "",
    alternative_names: str = "",
    languages: str = "",
    interpreter_needs: str = "",
    kinship_group: str = "",
    residence: str = Child.Residence.IN_COMMUNITY,
    carer_name: str = "",
    placement: str = Child.Placement.NONE,
) -> Child:
    """Register a child. Gender and Aboriginal and Torres Strait Islander status are always
    chosen by the person recording ("Not stated" is a choice, never a default)."""
    require_work_cases_in(actor, community.pk)
    errors: dict[str, list[str]] = {}
    if gender not in Child.Gender.values:
        errors["gender"] = ["Choose the child's gender (or Not stated)."]
    if aboriginal_status not in Child.AboriginalStatus.values:
        errors["aboriginal_status"] = [
            "Choose the child's Aboriginal and Torres Strait Islander status (or Not stated)."
        ]
    if errors:
        raise ValidationError(errors)
    child = Child(
        community=community,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        preferred_name=preferred_name,
        alternative_names=alternative_names,
        gender=gender,
        aboriginal_status=aboriginal_status,
        languages=languages,
        interpreter_needs=interpreter_needs,
        kinship_group=kinship_group,
        residence=residence,
        carer_name=carer_name,
        placement=placement,
    )
    _check_child(child)
    child.save()
    audit(actor, AuditEvent.Action.CREATE, child, child_id=child.pk)
    return child


def _check_residence_change(child: Child, changed_on: datetime.date | None) -> datetime.date:
    """The day a move happened: given, not in the future, not before the child's record."""
    if changed_on is None:
        raise ValidationError({"residence_changed_on": [_("Enter the day the child moved.")]})
    if changed_on > timezone.localdate():
        raise ValidationError({"residence_changed_on": [_("The move cannot be in the future.")]})
    recorded_on = timezone.localtime(child.created_at).date()
    if changed_on < recorded_on:
        raise ValidationError(
            {
                "residence_changed_on": [
                    _(
                        "The child's record was made on %(date)s: a move is dated "
                        "on or after that day."
                    )
                    % {"date": date_format(recorded_on, "d M Y")}
                ]
            }
        )
    return changed_on


@in_community_of("child")
def child_update(
    *,
    actor: Actor,
    child: Child,
    reason: str,
    given_name: str | Unset = UNSET,
    family_name: str | Unset = UNSET,
    preferred_name: str | Unset = UNSET,
    alternative_names: str | Unset = UNSET,
    date_of_birth: datetime.date | Unset = UNSET,
    gender: str | Unset = UNSET,
    aboriginal_status: str | Unset = UNSET,
    languages: str | Unset = UNSET,
    interpreter_needs: str | Unset = UNSET,
    kinship_group: str | Unset = UNSET,
    residence: str | Unset = UNSET,
    residence_changed_on: datetime.date | None | Unset = UNSET,
    carer_name: str | Unset = UNSET,
    placement: str | Unset = UNSET,
) -> Child:
    """Correct what is given (the rest stays), keeping the earlier values and the reason.

    A change of residence is dated (``residence_changed_on``, today when not given).
    Moving interstate or to boarding school interstate switches the child's open in-care
    cases to the return-visit rule from that day; coming back to the NT restarts the six
    weeks from the day they came back.
    """
    require_work_cases_in(actor, child.community_id)
    before = history_before(child, CHILD_HISTORY_FIELDS)
    previous_residence = child.residence
    fields = given(
        given_name=given_name,
        family_name=family_name,
        preferred_name=preferred_name,
        alternative_names=alternative_names,
        date_of_birth=date_of_birth,
        gender=gender,
        aboriginal_status=aboriginal_status,
        languages=languages,
        interpreter_needs=interpreter_needs,
        kinship_group=kinship_group,
        residence=residence,
        carer_name=carer_name,
        placement=placement,
    )
    changed = [name for name, value in fields.items() if getattr(child, name) != value]
    for name in changed:
        setattr(child, name, fields[name])
    moved = "residence" in changed
    if moved:
        moved_on = _check_residence_change(
            child,
            timezone.localdate()
            if isinstance(residence_changed_on, Unset)
            else residence_changed_on,
        )
        child.residence_changed_on = moved_on
        if rules.residence_switches_rule(previous_residence, child.residence):
            child.contact_rule_since = moved_on
    elif not isinstance(residence_changed_on, Unset) and residence_changed_on != (
        child.residence_changed_on
    ):
        # Correcting the day of the current residence: the rule starts from the corrected day.
        child.residence_changed_on = _check_residence_change(child, residence_changed_on)
        if child.contact_rule_since is not None:
            child.contact_rule_since = child.residence_changed_on
    _check_child(child)
    change = record_change(
        actor=actor, obj=child, before=before, reason=reason, child_id=child.pk, require_reason=True
    )
    child.save()
    if change is not None and {"residence", "contact_rule_since"} & set(change.new_values):
        for case in Case.objects.filter(child=child).open().select_related("child"):
            case_refresh_contact_due(case)
    audit(
        actor,
        AuditEvent.Action.UPDATE,
        child,
        child_id=child.pk,
        detail={"fields": sorted(change.new_values) if change else []},
    )
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
            raise ValidationError(_("A child of this household must belong to its community."))
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
    reason: str = "",
    name: str | Unset = UNSET,
    nominated_people: str | Unset = UNSET,
    nominated_kinship_group: str | Unset = UNSET,
    nominated_organisation: Organisation | None | Unset = UNSET,
    nominated_community: Community | None | Unset = UNSET,
) -> Family:
    """Change what is given and add members; the earlier values are kept in the history."""
    require_work_cases_in(actor, family.community_id)
    before = history_before(family, FAMILY_FIELDS)
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
    record_change(actor=actor, obj=family, before=before, reason=reason)
    _family_members_add(family=family, members=add_members)
    audit(actor, AuditEvent.Action.UPDATE, family, child_id=None, detail={"fields": list(fields)})
    return family


FAMILY_MEMBER_FIELDS = ("child", "person_name", "relationship", "takes_part_in_decisions")


@in_community_of("member")
def family_member_update(
    *,
    actor: Actor,
    member: FamilyMember,
    reason: str = "",
    child: Child | None | Unset = UNSET,
    person_name: str | Unset = UNSET,
    relationship: str | Unset = UNSET,
    takes_part_in_decisions: bool | Unset = UNSET,
) -> FamilyMember:
    """Correct a member of a household (who they are, how they are related, whether they
    take part in decisions), keeping the earlier values."""
    require_work_cases_in(actor, member.community_id)
    if isinstance(child, Child) and child.community_id != member.community_id:
        raise ValidationError(
            {"child": [_("A child of this household must belong to its community.")]}
        )
    before = history_before(member, FAMILY_MEMBER_FIELDS)
    fields = given(
        child=child,
        person_name=person_name,
        relationship=relationship,
        takes_part_in_decisions=takes_part_in_decisions,
    )
    for field, value in fields.items():
        setattr(member, field, value)
    clean(member)
    member.save()
    record_change(actor=actor, obj=member, before=before, reason=reason, child_id=member.child_id)
    audit(actor, AuditEvent.Action.UPDATE, member, child_id=member.child_id)
    return member
