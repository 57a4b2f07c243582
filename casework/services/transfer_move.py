"""Moving a child's whole record to another community, table by table, in one statement each.

Called by ``transfers.transfer_accept`` inside its transaction and inside a fence that
covers both communities. The database triggers (migration 0004) refuse any row whose
community differs from its parent's, so the rows move parents first: the child, then the
households, the cases, and what hangs off each case. Every statement checks the rule as it
goes, so there is no moment, even inside the transaction, where a row written breaks it.

A household (``Family``) moves with the child when no other child belongs to it. A
household shared with children who stay behind stays too; the receiving community gets
its own copy (name, nominated people, the adults named in it) holding the moved child,
and the child's cases point at the copy. The siblings' records are never moved or shown.
"""

from __future__ import annotations

from django.db.models import Q

from ..contact_due import case_refresh_contact_due
from ..models import (
    CarePlan,
    CarePlanAction,
    Case,
    CaseCadence,
    CaseTask,
    Child,
    Contact,
    ContactAmendment,
    Family,
    FamilyMember,
    MissedContactReason,
    RecordChange,
    Referral,
    ReturnVisit,
    RiskAssessment,
    SafetyThreat,
)
from ..signals import child_record_moved

FAMILY_COPY_FIELDS = (
    "name",
    "nominated_people",
    "nominated_kinship_group",
    "nominated_organisation_id",
    "nominated_community_id",
)


def _households_of(child: Child) -> set[int]:
    linked = FamilyMember.objects.filter(child=child).values_list("family_id", flat=True)
    on_cases = (
        Case.objects.filter(child=child, family__isnull=False)
        .values_list("family_id", flat=True)
        .distinct()
    )
    return set(linked) | set(on_cases)


def _shared_households(child: Child, family_ids: set[int]) -> set[int]:
    """Those of ``family_ids`` that another child belongs to or has a case with."""
    members = FamilyMember.objects.filter(family_id__in=family_ids, child__isnull=False).exclude(
        child=child
    )
    cases = Case.objects.filter(family_id__in=family_ids).exclude(child=child)
    return set(members.values_list("family_id", flat=True)) | set(
        cases.values_list("family_id", flat=True)
    )


def _copy_household(family: Family, to_id: int) -> Family:
    copy = Family.objects.create(
        community_id=to_id, **{f: getattr(family, f) for f in FAMILY_COPY_FIELDS}
    )
    adults = FamilyMember.objects.filter(family=family, child__isnull=True)
    FamilyMember.objects.bulk_create(
        FamilyMember(
            family=copy,
            community_id=to_id,
            person_name=m.person_name,
            relationship=m.relationship,
            takes_part_in_decisions=m.takes_part_in_decisions,
        )
        for m in adults
    )
    return copy


def _move_households(child: Child, to_id: int, counts: dict[str, int]) -> dict[int, int]:
    """Move or copy the child's households; the old id → the id the cases now point at."""
    households = _households_of(child)
    shared = _shared_households(child, households)
    own = households - shared
    counts["families"] = Family.objects.filter(pk__in=own).update(community_id=to_id)
    counts["family_members"] = FamilyMember.objects.filter(family_id__in=own).update(
        community_id=to_id
    )
    moved = {pk: pk for pk in own}
    for family in Family.objects.filter(pk__in=shared).order_by("pk"):
        copy = _copy_household(family, to_id)
        counts["family_members"] += FamilyMember.objects.filter(family=family, child=child).update(
            family=copy, community_id=to_id
        )
        moved[family.pk] = copy.pk
    counts["families_copied"] = len(shared)
    return moved


def move_child_record(
    *, child: Child, to_id: int, practitioner_id: int, team_leader_id: int
) -> dict[str, int]:
    """Move every row of the child's record to community ``to_id``; the rows moved, by table.

    Open cases (and their open tasks) pass to the receiving practitioner and team leader.
    The six-week clock's fields (last face-to-face contact, next due date) are left as they
    are: the contacts move with the case, so the clock carries on without a reset.
    """
    from_id = child.community_id
    counts = {"children": Child.objects.filter(pk=child.pk).update(community_id=to_id)}
    households = _move_households(child, to_id, counts)
    cases = Case.objects.filter(child=child)
    case_ids = list(cases.values_list("pk", flat=True))
    for old, new in households.items():
        cases.filter(family_id=old).update(family_id=new, community_id=to_id)
    cases.filter(community_id=from_id).update(community_id=to_id)
    counts["cases"] = len(case_ids)
    cases.exclude(status=Case.Status.CLOSED).update(
        practitioner_id=practitioner_id, team_leader_id=team_leader_id
    )
    by_case = Q(case_id__in=case_ids)
    counts["risk_assessments"] = RiskAssessment.objects.filter(by_case).update(community_id=to_id)
    counts["safety_threats"] = SafetyThreat.objects.filter(assessment__case_id__in=case_ids).update(
        community_id=to_id
    )
    counts["care_plans"] = CarePlan.objects.filter(by_case).update(community_id=to_id)
    counts["care_plan_actions"] = CarePlanAction.objects.filter(
        care_plan__case_id__in=case_ids
    ).update(community_id=to_id)
    counts["return_visits"] = ReturnVisit.objects.filter(by_case).update(community_id=to_id)
    counts["contacts"] = Contact.objects.filter(child=child).update(community_id=to_id)
    counts["contact_amendments"] = ContactAmendment.objects.filter(contact__child=child).update(
        community_id=to_id
    )
    counts["referrals"] = Referral.objects.filter(by_case).update(community_id=to_id)
    tasks = CaseTask.objects.filter(by_case)
    counts["tasks"] = tasks.update(community_id=to_id)
    tasks.filter(status=CaseTask.Status.OPEN).update(assigned_to_id=team_leader_id)
    # A team leader's cadence for the case, and the reasons given for a late contact, are
    # part of the case's record: they go with it (docs/decisions/0013).
    counts["case_cadences"] = CaseCadence.objects.filter(by_case).update(community_id=to_id)
    counts["missed_contacts"] = MissedContactReason.objects.filter(by_case).update(
        community_id=to_id
    )
    # The clock carries on from the same last face-to-face contact; only the cadence in
    # force may change, where the receiving Partnership sets a stricter one.
    for case in cases.exclude(status=Case.Status.CLOSED).select_related("child"):
        case_refresh_contact_due(case)
    moved_families = [old for old, new in households.items() if old == new]
    counts["history"] = RecordChange.objects.filter(
        Q(child=child) | Q(record_type="casework.family", record_id__in=moved_families)
    ).update(community_id=to_id)
    child_record_moved.send(
        sender=Child,
        child_id=child.pk,
        from_community_id=from_id,
        to_community_id=to_id,
        case_ids=case_ids,
        practitioner_id=practitioner_id,
    )
    child.community_id = to_id
    return counts
