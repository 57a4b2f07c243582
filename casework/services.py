"""Writes to casework records: every entry point (pages, API, demo) goes through these.

Each service checks that the actor works on cases in the record's community (and holds the
team-leader role where a decision needs one), sets ``community`` from the parent record,
applies the rules in ``casework.rules``, writes an audit event (ids only) and keeps the
six-week due date current through ``casework.contact_due``.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from partnerships.fence import community_scope
from partnerships.models import Community, Organisation, Role
from partnerships.selectors import casework_community_ids, community_ids_for_roles

from . import rules
from .contact_due import case_refresh_contact_due, local_date
from .models import (
    CarePlan,
    CarePlanAction,
    Case,
    CaseTask,
    Child,
    Contact,
    ContactAmendment,
    ContactKind,
    Family,
    FamilyMember,
    Referral,
    ReturnVisit,
    RiskAssessment,
    RiskLevel,
    SafetyThreat,
)

# --- the record's community ----------------------------------------------------------

_PARENT_ARGUMENTS = (
    "case",
    "contact",
    "child",
    "threat",
    "care_plan",
    "referral",
    "task",
    "family",
)


def _atomic_in_community(service):
    """Run the service in a transaction, inside the fence of the record's own community.

    The community comes from the record the service works on (never from input), so the
    service's own reads are fenced to it whether it is called from a page, the API or the
    demo seeder. Permission is still checked first thing inside each service.
    """

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        community_id = None
        for name in _PARENT_ARGUMENTS:
            if kwargs.get(name) is not None:
                community_id = kwargs[name].community_id
                break
        else:
            if kwargs.get("community") is not None:
                community_id = kwargs["community"].pk
        with transaction.atomic(), community_scope([community_id] if community_id else []):
            return service(*args, **kwargs)

    return wrapper


# --- who may do what ---------------------------------------------------------------------


def actor_works_on_cases_in(actor, community_id: int) -> bool:
    return community_id in casework_community_ids(actor)


def actor_leads_team_in(actor, community_id: int) -> bool:
    return community_id in set(casework_community_ids(actor)) & set(
        community_ids_for_roles(actor, [Role.TEAM_LEADER])
    )


def _require_casework(actor, community_id: int) -> None:
    if not actor_works_on_cases_in(actor, community_id):
        raise PermissionDenied("You do not work on cases in this community.")


def _require_team_leader(actor, community_id: int) -> None:
    if not actor_leads_team_in(actor, community_id):
        raise PermissionDenied("Only a team leader in this community can decide this.")


def _require_open(case: Case) -> None:
    if case.status == Case.Status.CLOSED:
        raise ValidationError("This case is closed: reopen it before recording more work.")


def _check_staff(*, community_id: int, practitioner, team_leader) -> None:
    errors: dict[str, list[str]] = {}
    if practitioner is None or community_id not in set(
        community_ids_for_roles(practitioner, [Role.PRACTITIONER, Role.TEAM_LEADER])
    ):
        errors["practitioner"] = ["Choose a practitioner who works in this community."]
    if team_leader is not None and community_id not in set(
        community_ids_for_roles(team_leader, [Role.TEAM_LEADER])
    ):
        errors["team_leader"] = ["Choose a team leader who works in this community."]
    if errors:
        raise ValidationError(errors)


def _audit(actor, action: str, obj, *, child_id: int | None, detail: dict | None = None):
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        child_id=child_id,
        community_id=obj.community_id,
        detail=detail or {},
    )


def _clean(obj) -> None:
    """Model validation (choices, constraints) before saving, as a form would."""
    obj.full_clean(validate_unique=False)


# --- children and families ---------------------------------------------------------------

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
    _clean(child)


@_atomic_in_community
def child_create(*, actor, community: Community, **fields: Any) -> Child:
    _require_casework(actor, community.pk)
    unknown = set(fields) - set(CHILD_FIELDS)
    if unknown:
        raise TypeError(f"Unknown child fields: {sorted(unknown)}")
    child = Child(community=community, **fields)
    _check_child(child)
    child.save()
    _audit(actor, AuditEvent.Action.CREATE, child, child_id=child.pk)
    return child


@_atomic_in_community
def child_update(*, actor, child: Child, **fields: Any) -> Child:
    _require_casework(actor, child.community_id)
    unknown = set(fields) - set(CHILD_FIELDS)
    if unknown:
        raise TypeError(f"Unknown child fields: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(child, name) != value]
    for name in changed:
        setattr(child, name, fields[name])
    _check_child(child)
    child.save()
    if "residence" in changed:
        # Moving interstate (or back) changes which form of the six-week rule applies.
        with community_scope([child.community_id]):
            for case in Case.objects.filter(child=child).open().select_related("child"):
                case_refresh_contact_due(case)
    _audit(actor, AuditEvent.Action.UPDATE, child, child_id=child.pk, detail={"fields": changed})
    return child


def _family_members_add(*, family: Family, members: Iterable[dict[str, Any]]) -> list[FamilyMember]:
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
        _clean(member)
        member.save()
        created.append(member)
    return created


@_atomic_in_community
def family_create(
    *,
    actor,
    community: Community,
    name: str,
    nominated_people: str = "",
    nominated_kinship_group: str = "",
    nominated_organisation: Organisation | None = None,
    nominated_community: Community | None = None,
    members: Iterable[dict[str, Any]] = (),
) -> Family:
    """A household, its members and the people it nominates to take part in decisions."""
    _require_casework(actor, community.pk)
    family = Family(
        community=community,
        name=name,
        nominated_people=nominated_people,
        nominated_kinship_group=nominated_kinship_group,
        nominated_organisation=nominated_organisation,
        nominated_community=nominated_community,
    )
    _clean(family)
    family.save()
    _family_members_add(family=family, members=members)
    _audit(actor, AuditEvent.Action.CREATE, family, child_id=None)
    return family


FAMILY_FIELDS = (
    "name",
    "nominated_people",
    "nominated_kinship_group",
    "nominated_organisation",
    "nominated_community",
)


@_atomic_in_community
def family_update(
    *, actor, family: Family, add_members: Iterable[dict[str, Any]] = (), **fields: Any
) -> Family:
    _require_casework(actor, family.community_id)
    unknown = set(fields) - set(FAMILY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown family fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(family, name, value)
    _clean(family)
    family.save()
    _family_members_add(family=family, members=add_members)
    _audit(actor, AuditEvent.Action.UPDATE, family, child_id=None, detail={"fields": list(fields)})
    return family


# --- opening cases -----------------------------------------------------------------------


def _check_family(child: Child, family: Family | None) -> None:
    if family is not None and family.community_id != child.community_id:
        raise ValidationError({"family": ["Choose a household in the child's community."]})


def _check_no_open_case(child: Child, kind: str) -> None:
    with community_scope([child.community_id]):
        if Case.objects.filter(child=child, kind=kind).open().exists():
            raise ValidationError(
                f"{child.display_name} already has an open {Case.Kind(kind).label} case."
            )


def _assessment_create(
    *,
    actor,
    case: Case,
    assessed_on: datetime.date,
    level: str,
    next_reassessment_due_on: datetime.date,
    summary: str = "",
    imminent_risk_of_removal: bool = False,
    safety_threats: Iterable[str] = (),
) -> RiskAssessment:
    errors: dict[str, list[str]] = {}
    if level not in RiskLevel.values:
        errors["level"] = ["Choose the risk level: low, moderate, high or very high."]
    if assessed_on and assessed_on > timezone.localdate():
        errors["assessed_on"] = ["The assessment date cannot be in the future."]
    if assessed_on and next_reassessment_due_on and next_reassessment_due_on < assessed_on:
        errors["next_reassessment_due_on"] = ["The next reassessment is due after this one."]
    if errors:
        raise ValidationError(errors)
    assessment = RiskAssessment.objects.create(
        community_id=case.community_id,
        case=case,
        assessed_on=assessed_on,
        level=level,
        assessor=actor,
        next_reassessment_due_on=next_reassessment_due_on,
        summary=summary,
        imminent_risk_of_removal=imminent_risk_of_removal,
    )
    for description in safety_threats:
        if description.strip():
            SafetyThreat.objects.create(
                community_id=case.community_id,
                assessment=assessment,
                description=description.strip(),
            )
    _case_take_latest_risk(case)
    return assessment


def _case_take_latest_risk(case: Case) -> None:
    """Copy the latest assessment's level and reassessment date onto the case."""
    with community_scope([case.community_id]):
        latest = RiskAssessment.objects.filter(case=case).order_by("-assessed_on", "-id").first()
    if latest is None:
        return
    case.risk_level = latest.level
    case.next_reassessment_due_on = latest.next_reassessment_due_on
    case.imminent_risk_of_removal = latest.imminent_risk_of_removal
    Case.objects.filter(pk=case.pk).update(
        risk_level=latest.level,
        next_reassessment_due_on=latest.next_reassessment_due_on,
        imminent_risk_of_removal=latest.imminent_risk_of_removal,
    )


@_atomic_in_community
def case_open_strengthening_families(
    *,
    actor,
    child: Child,
    practitioner,
    opened_on: datetime.date,
    parents_agreed_on: datetime.date | None,
    assessment: dict[str, Any],
    safe_at_home_judgement: str = "",
    team_leader=None,
    family: Family | None = None,
    dfv_risk: bool = False,
) -> Case:
    """Open a Strengthening Families case after the investigation's risk assessment.

    ``assessment`` holds the assessment this case follows (assessed_on, level,
    next_reassessment_due_on, summary, imminent_risk_of_removal, safety_threats); it is
    recorded with the opening.
    """
    _require_casework(actor, child.community_id)
    unmet = rules.sf_opening_unmet_conditions(
        risk_level=assessment.get("level"),
        parents_agreed_on=parents_agreed_on,
        safe_at_home_judgement=safe_at_home_judgement,
    )
    if unmet:
        raise ValidationError(unmet)
    if parents_agreed_on and parents_agreed_on > timezone.localdate():
        raise ValidationError(
            {"parents_agreed_on": ["The agreement date cannot be in the future."]}
        )
    _check_staff(
        community_id=child.community_id, practitioner=practitioner, team_leader=team_leader
    )
    _check_family(child, family)
    _check_no_open_case(child, Case.Kind.STRENGTHENING_FAMILIES)
    case = Case.objects.create(
        community_id=child.community_id,
        child=child,
        family=family,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        practitioner=practitioner,
        team_leader=team_leader,
        opened_on=opened_on,
        parents_agreed_on=parents_agreed_on,
        safe_at_home_judgement=safe_at_home_judgement.strip(),
        dfv_risk=dfv_risk,
    )
    _assessment_create(actor=actor, case=case, **assessment)
    _audit(actor, AuditEvent.Action.CREATE, case, child_id=child.pk)
    return case


@_atomic_in_community
def case_open_in_care(
    *,
    actor,
    child: Child,
    practitioner,
    opened_on: datetime.date,
    team_leader=None,
    family: Family | None = None,
    dfv_risk: bool = False,
    youth_justice_involved: bool = False,
) -> Case:
    _require_casework(actor, child.community_id)
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": ["The opening date cannot be in the future."]})
    _check_staff(
        community_id=child.community_id, practitioner=practitioner, team_leader=team_leader
    )
    _check_family(child, family)
    _check_no_open_case(child, Case.Kind.IN_CARE)
    case = Case.objects.create(
        community_id=child.community_id,
        child=child,
        family=family,
        kind=Case.Kind.IN_CARE,
        practitioner=practitioner,
        team_leader=team_leader,
        opened_on=opened_on,
        dfv_risk=dfv_risk,
        youth_justice_involved=youth_justice_involved,
    )
    with community_scope([case.community_id]):
        case_refresh_contact_due(case)
    _audit(actor, AuditEvent.Action.CREATE, case, child_id=child.pk)
    return case


CASE_DETAIL_FIELDS = (
    "practitioner",
    "team_leader",
    "dfv_risk",
    "youth_justice_involved",
    "youth_justice_contacts",
    "court_order_conditions",
    "release_reintegration_plan",
)


@_atomic_in_community
def case_update(*, actor, case: Case, **fields: Any) -> Case:
    """Change who works the case, youth justice involvement and the DFV flag."""
    _require_casework(actor, case.community_id)
    unknown = set(fields) - set(CASE_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown case fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(case, name, value)
    _check_staff(
        community_id=case.community_id,
        practitioner=case.practitioner,
        team_leader=case.team_leader,
    )
    case.save()
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        child_id=case.child_id,
        detail={"fields": list(fields)},
    )
    return case


# --- risk --------------------------------------------------------------------------------


@_atomic_in_community
def risk_assessment_record(
    *,
    actor,
    case: Case,
    assessed_on: datetime.date,
    level: str,
    next_reassessment_due_on: datetime.date,
    summary: str = "",
    imminent_risk_of_removal: bool = False,
    safety_threats: Iterable[str] = (),
) -> RiskAssessment:
    """Record a (re)assessment; the case takes the latest level and reassessment date.

    Imminent risk of removal is shown on the pages as a prompt to refer the family to an
    Intensive Family Preservation Service; it never creates a referral by itself.
    """
    _require_casework(actor, case.community_id)
    _require_open(case)
    assessment = _assessment_create(
        actor=actor,
        case=case,
        assessed_on=assessed_on,
        level=level,
        next_reassessment_due_on=next_reassessment_due_on,
        summary=summary,
        imminent_risk_of_removal=imminent_risk_of_removal,
        safety_threats=list(safety_threats),
    )
    _audit(actor, AuditEvent.Action.CREATE, assessment, child_id=case.child_id)
    return assessment


@_atomic_in_community
def safety_threat_resolve(
    *, actor, threat: SafetyThreat, resolved_on: datetime.date | None = None
) -> SafetyThreat:
    _require_casework(actor, threat.community_id)
    resolved_on = resolved_on or timezone.localdate()
    if resolved_on > timezone.localdate():
        raise ValidationError({"resolved_on": ["The date cannot be in the future."]})
    if threat.resolved:
        raise ValidationError("This safety threat is already resolved.")
    threat.resolved = True
    threat.resolved_on = resolved_on
    threat.save(update_fields=["resolved", "resolved_on"])
    with community_scope([threat.community_id]):
        child_id = (
            Case.objects.filter(risk_assessments__safety_threats=threat)
            .values_list("child_id", flat=True)
            .first()
        )
    _audit(actor, AuditEvent.Action.UPDATE, threat, child_id=child_id)
    return threat


# --- care plans --------------------------------------------------------------------------

CARE_PLAN_FIELDS = (
    "worries",
    "working_well",
    "needs_to_happen",
    "goals",
    "child_views",
    "family_views",
    "decision_participants",
    "return_visit_arrangements",
    "review_due_on",
)


def _check_care_plan(case: Case, plan: CarePlan) -> None:
    errors: dict[str, list[str]] = {}
    if not plan.review_due_on:
        errors["review_due_on"] = ["Set the date the plan is next reviewed."]
    if (
        case.kind == Case.Kind.IN_CARE
        and case.child.lives_interstate
        and not plan.return_visit_arrangements.strip()
    ):
        errors["return_visit_arrangements"] = [
            "The child lives interstate: record how contact happens on each return visit to "
            "the NT, as agreed with the child and family."
        ]
    if errors:
        raise ValidationError(errors)


def _care_plan_actions_add(plan: CarePlan, actions: Iterable[dict[str, Any]]) -> None:
    for row in actions:
        if not (row.get("description") or "").strip():
            continue
        action = CarePlanAction(
            community_id=plan.community_id,
            care_plan=plan,
            description=row["description"].strip(),
            owner=(row.get("owner") or "").strip(),
            due_on=row.get("due_on"),
        )
        try:
            _clean(action)
        except ValidationError as error:
            raise ValidationError(
                {"actions": ["Each action needs who will do it and by when."]}
            ) from error
        action.save()


@_atomic_in_community
def care_plan_record(
    *, actor, case: Case, actions: Iterable[dict[str, Any]] = (), **fields: Any
) -> CarePlan:
    """A new plan for the case (the latest is the current one; earlier ones are kept)."""
    _require_casework(actor, case.community_id)
    _require_open(case)
    unknown = set(fields) - set(CARE_PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown care plan fields: {sorted(unknown)}")
    plan = CarePlan(community_id=case.community_id, case=case, created_by=actor, **fields)
    _check_care_plan(case, plan)
    plan.save()
    _care_plan_actions_add(plan, actions)
    _audit(actor, AuditEvent.Action.CREATE, plan, child_id=case.child_id)
    return plan


@_atomic_in_community
def care_plan_update(
    *,
    actor,
    care_plan: CarePlan,
    add_actions: Iterable[dict[str, Any]] = (),
    actions_done: Iterable[int] = (),
    **fields: Any,
) -> CarePlan:
    case = care_plan.case
    _require_casework(actor, case.community_id)
    _require_open(case)
    unknown = set(fields) - set(CARE_PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown care plan fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(care_plan, name, value)
    _check_care_plan(case, care_plan)
    care_plan.save()
    _care_plan_actions_add(care_plan, add_actions)
    done_ids = [int(pk) for pk in actions_done]
    if done_ids:
        with community_scope([care_plan.community_id]):
            CarePlanAction.objects.filter(
                care_plan=care_plan, pk__in=done_ids, done_on__isnull=True
            ).update(done_on=timezone.localdate())
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        care_plan,
        child_id=case.child_id,
        detail={"fields": list(fields), "actions_done": done_ids},
    )
    return care_plan


# --- return visits and contacts ----------------------------------------------------------


@_atomic_in_community
def return_visit_record(
    *,
    actor,
    case: Case,
    starts_on: datetime.date,
    ends_on: datetime.date,
    notes: str = "",
) -> ReturnVisit:
    """A visit to the NT by a child living or at boarding school interstate."""
    _require_casework(actor, case.community_id)
    _require_open(case)
    if not case.child.lives_interstate:
        raise ValidationError(
            "Return visits are recorded for a child who lives or goes to boarding school "
            "interstate. Update where the child lives first."
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": ["The visit ends on or after the day it starts."]})
    visit = ReturnVisit.objects.create(
        community_id=case.community_id,
        case=case,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes,
        created_by=actor,
    )
    with community_scope([case.community_id]):
        case_refresh_contact_due(case)
    _audit(actor, AuditEvent.Action.CREATE, visit, child_id=case.child_id)
    return visit


CONTACT_FIELDS = (
    "occurred_at",
    "kind",
    "third_party_name",
    "third_party_organisation",
    "who_was_seen",
    "location",
    "return_visit",
    "note",
    "child_views",
)


THIRD_PARTY_FIELDS = ("third_party_name", "third_party_organisation")


def _check_contact(contact: Contact, case: Case) -> None:
    errors: dict[str, list[str]] = {}
    if contact.occurred_at is None:
        errors["occurred_at"] = ["Enter when the contact happened."]
    elif contact.occurred_at > timezone.now():
        errors["occurred_at"] = [
            "The contact time is in the future: enter when it actually happened."
        ]
    elif local_date(contact.occurred_at) < case.opened_on:
        errors["occurred_at"] = [
            f"The case opened on {case.opened_on:%d %b %Y}: a contact for it happens on or "
            "after that day."
        ]
    if contact.kind not in ContactKind.values:
        errors["kind"] = ["Choose what kind of contact it was."]
    if contact.kind == ContactKind.FACE_TO_FACE_THIRD_PARTY:
        if not contact.third_party_name.strip():
            errors["third_party_name"] = ["Name the person who saw the child."]
        if not contact.third_party_organisation.strip():
            errors["third_party_organisation"] = ["Name the organisation they work for."]
    else:
        # Only a third-party visit names a third party: a name typed before the kind was
        # changed must not make the record say someone else saw the child.
        contact.third_party_name = ""
        contact.third_party_organisation = ""
    visit = contact.return_visit
    if visit is not None:
        if visit.case_id != case.pk:
            errors["return_visit"] = ["Choose a return visit recorded for this case."]
        elif contact.occurred_at is not None and not (
            visit.starts_on <= local_date(contact.occurred_at) <= visit.ends_on
        ):
            errors["return_visit"] = [
                f"The return visit ran from {visit.starts_on:%d %b} to {visit.ends_on:%d %b %Y}: "
                "the contact date must fall within it."
            ]
    if errors:
        raise ValidationError(errors)


@_atomic_in_community
def contact_log(
    *,
    actor,
    case: Case,
    occurred_at: datetime.datetime,
    kind: str,
    who_was_seen: str = "",
    location: str = "",
    note: str = "",
    child_views: str = "",
    third_party_name: str = "",
    third_party_organisation: str = "",
    return_visit: ReturnVisit | None = None,
) -> Contact:
    _require_casework(actor, case.community_id)
    _require_open(case)
    contact = Contact(
        community_id=case.community_id,
        case=case,
        child_id=case.child_id,
        occurred_at=occurred_at,
        kind=kind,
        who_was_seen=who_was_seen.strip(),
        location=location.strip(),
        note=note,
        child_views=child_views,
        third_party_name=third_party_name.strip(),
        third_party_organisation=third_party_organisation.strip(),
        return_visit=return_visit,
        recorded_by=actor,
    )
    _check_contact(contact, case)
    contact.save()
    with community_scope([case.community_id]):
        case_refresh_contact_due(case)
    _audit(actor, AuditEvent.Action.CREATE, contact, child_id=case.child_id)
    return contact


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@_atomic_in_community
def contact_amend(*, actor, contact: Contact, reason: str, **changes: Any) -> ContactAmendment:
    """Correct a contact, keeping what it said before, who changed it, when and why."""
    case = contact.case
    _require_casework(actor, contact.community_id)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown contact fields: {sorted(unknown)}")
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the contact is being corrected."]})
    previous = {}
    for name, value in changes.items():
        current = getattr(contact, name)
        if current != value:
            previous[name] = _jsonable(current)
            setattr(contact, name, value)
    if not previous:
        raise ValidationError("Nothing was changed: edit the details that need correcting.")
    before_check = {name: getattr(contact, name) for name in THIRD_PARTY_FIELDS}
    _check_contact(contact, case)
    for name, value in before_check.items():
        # Changing the kind away from a third-party visit clears who that third party was.
        if getattr(contact, name) != value and name not in previous:
            previous[name] = value
    contact.save(update_fields=list(previous))
    amendment = ContactAmendment.objects.create(
        community_id=contact.community_id,
        contact=contact,
        amended_by=actor,
        reason=reason.strip(),
        previous_values=previous,
    )
    with community_scope([case.community_id]):
        case_refresh_contact_due(case)
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        contact,
        child_id=contact.child_id,
        detail={"fields": sorted(previous), "amendment_id": amendment.pk},
    )
    return amendment


# --- referrals ---------------------------------------------------------------------------


@_atomic_in_community
def referral_create(
    *,
    actor,
    case: Case,
    service: str,
    referred_on: datetime.date,
    ifps_location: str = "",
    other_service_name: str = "",
    status: str = Referral.Status.PROPOSED,
    notes: str = "",
) -> Referral:
    _require_casework(actor, case.community_id)
    _require_open(case)
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
        created_by=actor,
    )
    _clean(referral)
    referral.save()
    _audit(actor, AuditEvent.Action.CREATE, referral, child_id=case.child_id)
    return referral


@_atomic_in_community
def referral_update(
    *, actor, referral: Referral, status: str | None = None, notes: str | None = None
) -> Referral:
    _require_casework(actor, referral.community_id)
    if status is not None:
        if status not in Referral.Status.values:
            raise ValidationError({"status": ["Choose the referral's status."]})
        referral.status = status
    if notes is not None:
        referral.notes = notes
    referral.save()
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        referral,
        child_id=referral.case.child_id,
        detail={"status": referral.status},
    )
    return referral


# --- closure -----------------------------------------------------------------------------


def closure_conditions_unmet(case: Case, *, parents_capacity_note: str | None = None) -> list[str]:
    """The unmet conditions for closing this case with no further action (empty when met)."""
    if case.kind != Case.Kind.STRENGTHENING_FAMILIES:
        return []
    with community_scope([case.community_id]):
        latest = RiskAssessment.objects.filter(case=case).order_by("-assessed_on", "-id").first()
        unresolved = (
            SafetyThreat.objects.filter(assessment=latest, resolved=False).count() if latest else 0
        )
    return rules.closure_unmet_conditions(
        latest_risk_level=latest.level if latest else None,
        unresolved_safety_threats=unresolved,
        parents_capacity_note=(
            case.parents_capacity_note if parents_capacity_note is None else parents_capacity_note
        ),
    )


@_atomic_in_community
def case_request_closure(
    *, actor, case: Case, reason: str, parents_capacity_note: str = ""
) -> Case:
    """Ask a team leader to close the case with no further action."""
    _require_casework(actor, case.community_id)
    if case.status != Case.Status.OPEN:
        raise ValidationError(
            "A closure is already waiting for approval."
            if case.status == Case.Status.CLOSURE_REQUESTED
            else "This case is already closed."
        )
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the case can close."]})
    unmet = closure_conditions_unmet(case, parents_capacity_note=parents_capacity_note)
    if unmet:
        raise ValidationError(["This case cannot close with no further action yet:", *unmet])
    case.status = Case.Status.CLOSURE_REQUESTED
    case.closure_requested_by = actor
    case.closure_requested_at = timezone.now()
    case.closure_reason = reason.strip()
    case.parents_capacity_note = parents_capacity_note.strip()
    case.closure_sent_back_reason = ""
    case.closure_decided_by = None
    case.closure_decided_at = None
    case.save()
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        child_id=case.child_id,
        detail={"closure": "requested"},
    )
    return case


def _require_closure_waiting(case: Case) -> None:
    if case.status != Case.Status.CLOSURE_REQUESTED:
        raise ValidationError("No closure is waiting for approval on this case.")


@_atomic_in_community
def case_approve_closure(*, actor, case: Case) -> Case:
    _require_team_leader(actor, case.community_id)
    _require_closure_waiting(case)
    if case.closure_requested_by_id == actor.pk:
        raise ValidationError("Another team leader must approve a closure you requested.")
    # The conditions are checked again: a reassessment may have come in since the request.
    unmet = closure_conditions_unmet(case)
    if unmet:
        raise ValidationError(["The conditions for closing are no longer met:", *unmet])
    case.status = Case.Status.CLOSED
    case.closed_on = max(timezone.localdate(), case.opened_on)
    case.closure_decided_by = actor
    case.closure_decided_at = timezone.now()
    case.save()
    with community_scope([case.community_id]):
        case_refresh_contact_due(case)
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        child_id=case.child_id,
        detail={"closure": "approved"},
    )
    return case


@_atomic_in_community
def case_send_back_closure(*, actor, case: Case, reason: str) -> Case:
    """Refuse the closure; the reason is shown to the practitioner on the child's page."""
    _require_team_leader(actor, case.community_id)
    _require_closure_waiting(case)
    if not reason.strip():
        raise ValidationError({"reason": ["Tell the practitioner why the case stays open."]})
    case.status = Case.Status.OPEN
    case.closure_sent_back_reason = reason.strip()
    case.closure_decided_by = actor
    case.closure_decided_at = timezone.now()
    case.save()
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        child_id=case.child_id,
        detail={"closure": "sent_back"},
    )
    return case


# --- agreement and further action --------------------------------------------------------


@_atomic_in_community
def parent_withdraw_agreement(
    *, actor, case: Case, withdrawn_on: datetime.date, note: str = ""
) -> CaseTask | None:
    """Record that the parents withdrew their agreement to work with the department.

    While the child remains at risk (above low) a team leader must consider further action:
    a task that stays open until someone decides it. Returns that task, if any.
    """
    _require_casework(actor, case.community_id)
    _require_open(case)
    if case.kind != Case.Kind.STRENGTHENING_FAMILIES:
        raise ValidationError("Parents' agreement applies to Strengthening Families cases.")
    if case.agreement_withdrawn_on is not None:
        raise ValidationError(
            f"The withdrawal of agreement was already recorded on "
            f"{case.agreement_withdrawn_on:%d %b %Y}."
        )
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": ["The date cannot be in the future."]})
    case.agreement_withdrawn_on = withdrawn_on
    case.save(update_fields=["agreement_withdrawn_on", "updated_at"])
    task = None
    if rules.withdrawal_needs_further_action(case.risk_level or None):
        level = RiskLevel(case.risk_level).label.lower() if case.risk_level else "not recorded"
        task = CaseTask.objects.create(
            community_id=case.community_id,
            case=case,
            kind=CaseTask.Kind.CONSIDER_FURTHER_ACTION,
            reason=(
                f"The parents withdrew their agreement on {withdrawn_on:%d %b %Y} while the "
                f"risk is {level}. Consider whether further action is required."
                + (f"\n\n{note.strip()}" if note.strip() else "")
            ),
            assigned_to=case.team_leader,
        )
        _audit(actor, AuditEvent.Action.CREATE, task, child_id=case.child_id)
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        child_id=case.child_id,
        detail={"agreement": "withdrawn", "task_id": task.pk if task else None},
    )
    return task


@_atomic_in_community
def case_task_decide(*, actor, task: CaseTask, decision: str) -> CaseTask:
    _require_team_leader(actor, task.community_id)
    if task.status != CaseTask.Status.OPEN:
        raise ValidationError("This task has already been decided.")
    if not decision.strip():
        raise ValidationError({"decision": ["Record what was decided and why."]})
    task.status = CaseTask.Status.DECIDED
    task.decision = decision.strip()
    task.decided_by = actor
    task.decided_at = timezone.now()
    task.save()
    _audit(actor, AuditEvent.Action.UPDATE, task, child_id=task.case.child_id)
    return task
