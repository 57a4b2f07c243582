"""Opening cases, who works them, and their risk assessments and safety threats."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, NotRequired, TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEvent
from core.actors import Actor
from partnerships.models import Community

from .. import rules
from ..contact_due import case_refresh_contact_due
from ..models import Case, Child, Family, RecordChange, RiskAssessment, RiskLevel, SafetyThreat
from ..permissions import (
    leads_team_in,
    may_hold_cases_in,
    require_person,
    require_reassign_case,
    require_reassign_caseload_in,
    require_work_cases_in,
)
from .base import UNSET, Unset, audit, given, in_community_of, require_open
from .history import history_before, record_change


class AssessmentInput(TypedDict):
    """A risk assessment recorded with the case it opens (or follows)."""

    assessed_on: datetime.date
    level: str
    next_reassessment_due_on: datetime.date
    summary: NotRequired[str]
    imminent_risk_of_removal: NotRequired[bool]
    safety_threats: NotRequired[Iterable[str]]


def _check_staff(*, community_id: int, practitioner: User | None, team_leader: User | None) -> User:
    """The chosen practitioner (returned) works on cases in the community; the team leader
    leads a team there."""
    errors: dict[str, list[str]] = {}
    if not may_hold_cases_in(practitioner, community_id):
        errors["practitioner"] = ["Choose a practitioner who works in this community."]
    if team_leader is not None and not leads_team_in(team_leader, community_id):
        errors["team_leader"] = ["Choose a team leader who works in this community."]
    if errors or practitioner is None:
        raise ValidationError(errors)
    return practitioner


def _check_family(child: Child, family: Family | None) -> None:
    if family is not None and family.community_id != child.community_id:
        raise ValidationError({"family": [_("Choose a household in the child's community.")]})


def _already_open(child: Child, kind: str) -> ValidationError:
    return ValidationError(
        _("%(display_name)s already has an open %(label)s case.")
        % {"display_name": child.display_name, "label": Case.Kind(kind).label}
    )


def _check_no_open_case(child: Child, kind: str) -> None:
    # The child's row is locked first, so a second submission of the same opening waits
    # for the first to commit and then sees its case.
    Child.objects.select_for_update().filter(pk=child.pk).values_list("pk", flat=True).first()
    if Case.objects.filter(child=child, kind=kind).open().exists():
        raise _already_open(child, kind)


def _case_create(child: Child, kind: str, **fields: Any) -> Case:
    """Create the case; the partial unique constraint is the last word on duplicates."""
    try:
        with transaction.atomic():
            return Case.objects.create(
                community_id=child.community_id, child=child, kind=kind, **fields
            )
    except IntegrityError as error:
        if "case_one_open_per_child_and_kind" in str(error):
            raise _already_open(child, kind) from None
        raise


def _case_take_latest_risk(case: Case) -> None:
    """Copy the latest assessment's level and reassessment date onto the case."""
    latest = RiskAssessment.objects.filter(case=case).order_by("-assessed_on", "-id").first()
    if latest is None:
        return
    # A Partnership's cadence can depend on the risk level: a new level may change it.
    risk_changed = case.risk_level != latest.level
    case.risk_level = latest.level
    case.next_reassessment_due_on = latest.next_reassessment_due_on
    case.imminent_risk_of_removal = latest.imminent_risk_of_removal
    Case.objects.filter(pk=case.pk).update(
        risk_level=latest.level,
        next_reassessment_due_on=latest.next_reassessment_due_on,
        imminent_risk_of_removal=latest.imminent_risk_of_removal,
    )
    if risk_changed:
        case_refresh_contact_due(case)


def _assessment_create(
    *,
    actor: User,
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


@in_community_of("child")
def case_open_strengthening_families(
    *,
    actor: Actor,
    child: Child,
    practitioner: User | None,
    opened_on: datetime.date,
    parents_agreed_on: datetime.date | None,
    assessment: AssessmentInput | None,
    safe_at_home_judgement: str = "",
    team_leader: User | None = None,
    family: Family | None = None,
    dfv_risk: bool = False,
) -> Case:
    """Open a Strengthening Families case after the investigation's risk assessment.

    ``assessment`` is the assessment this case follows; it is recorded with the opening,
    all or nothing. Without one the case does not open.
    """
    require_work_cases_in(actor, child.community_id)
    assessor = require_person(actor)
    unmet = rules.sf_opening_unmet_conditions(
        risk_level=assessment.get("level") if assessment else None,
        parents_agreed_on=parents_agreed_on,
        safe_at_home_judgement=safe_at_home_judgement,
    )
    if unmet or assessment is None:  # no assessment is always one of the unmet conditions
        raise ValidationError(unmet)
    if parents_agreed_on and parents_agreed_on > timezone.localdate():
        raise ValidationError(
            {"parents_agreed_on": [_("The agreement date cannot be in the future.")]}
        )
    worker = _check_staff(
        community_id=child.community_id, practitioner=practitioner, team_leader=team_leader
    )
    _check_family(child, family)
    _check_no_open_case(child, Case.Kind.STRENGTHENING_FAMILIES)
    case = _case_create(
        child,
        Case.Kind.STRENGTHENING_FAMILIES,
        family=family,
        practitioner=worker,
        team_leader=team_leader,
        opened_on=opened_on,
        parents_agreed_on=parents_agreed_on,
        safe_at_home_judgement=safe_at_home_judgement.strip(),
        dfv_risk=dfv_risk,
    )
    _assessment_create(actor=assessor, case=case, **assessment)
    audit(actor, AuditEvent.Action.CREATE, case, child_id=child.pk)
    return case


@in_community_of("child")
def case_open_in_care(
    *,
    actor: Actor,
    child: Child,
    practitioner: User | None,
    opened_on: datetime.date,
    team_leader: User | None = None,
    family: Family | None = None,
    dfv_risk: bool = False,
    youth_justice_involved: bool = False,
    assessment: AssessmentInput | None = None,
) -> Case:
    """Open a child-in-care case, with its first risk assessment when one is given.

    The case and its assessment are recorded together or not at all: an assessment the
    rules refuse leaves no case behind.
    """
    require_work_cases_in(actor, child.community_id)
    assessor = require_person(actor) if assessment is not None else None
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": [_("The opening date cannot be in the future.")]})
    worker = _check_staff(
        community_id=child.community_id, practitioner=practitioner, team_leader=team_leader
    )
    _check_family(child, family)
    _check_no_open_case(child, Case.Kind.IN_CARE)
    case = _case_create(
        child,
        Case.Kind.IN_CARE,
        family=family,
        practitioner=worker,
        team_leader=team_leader,
        opened_on=opened_on,
        dfv_risk=dfv_risk,
        youth_justice_involved=youth_justice_involved,
    )
    case_refresh_contact_due(case)
    audit(actor, AuditEvent.Action.CREATE, case, child_id=child.pk)
    if assessment is not None and assessor is not None:
        recorded = _assessment_create(actor=assessor, case=case, **assessment)
        audit(actor, AuditEvent.Action.CREATE, recorded, child_id=child.pk)
    return case


@in_community_of("child")
def case_open(
    *,
    actor: Actor,
    child: Child,
    kind: str,
    practitioner: User | None,
    opened_on: datetime.date,
    team_leader: User | None = None,
    family: Family | None = None,
    dfv_risk: bool = False,
    assessment: AssessmentInput | None = None,
    parents_agreed_on: datetime.date | None = None,
    safe_at_home_judgement: str = "",
) -> Case:
    """Open a case of either kind with its first risk assessment, all or nothing.

    What the "Open a case" form records. The parents' agreement and the judgement that the
    child can stay home safely are Strengthening Families conditions; a child-in-care case
    does not use them.
    """
    if kind == Case.Kind.STRENGTHENING_FAMILIES:
        return case_open_strengthening_families(
            actor=actor,
            child=child,
            practitioner=practitioner,
            opened_on=opened_on,
            team_leader=team_leader,
            family=family,
            dfv_risk=dfv_risk,
            assessment=assessment,
            parents_agreed_on=parents_agreed_on,
            safe_at_home_judgement=safe_at_home_judgement,
        )
    if kind == Case.Kind.IN_CARE:
        return case_open_in_care(
            actor=actor,
            child=child,
            practitioner=practitioner,
            opened_on=opened_on,
            team_leader=team_leader,
            family=family,
            dfv_risk=dfv_risk,
            assessment=assessment,
        )
    raise ValidationError({"kind": [_("Choose the kind of case.")]})


CASE_DETAIL_FIELDS = (
    "practitioner",
    "team_leader",
    "family",
    "parents_agreed_on",
    "safe_at_home_judgement",
    "dfv_risk",
    "dfv_safety_plan",
    "youth_justice_involved",
    "youth_justice_officer",
    "youth_justice_team",
    "youth_justice_contacts",
    "court_order_conditions",
    "court_order_starts_on",
    "court_order_ends_on",
    "release_reintegration_plan",
    "aboriginal_community_worker",
    "aboriginal_practice_advisor",
    "cultural_language_needs",
)
# Who works the case: changing these is a reassignment (``may_reassign_case``).
CASE_STAFF_FIELDS = ("practitioner", "team_leader")


def _check_case_details(case: Case, changed: Iterable[str]) -> None:
    """An edit that would break a rule is refused, naming the field."""
    errors: dict[str, list[str]] = {}
    changed = set(changed)
    if case.is_strengthening_families and case.is_open:
        unmet = rules.sf_details_unmet(
            risk_level=case.risk_level or None,
            parents_agreed_on=case.parents_agreed_on,
            safe_at_home_judgement=case.safe_at_home_judgement,
        )
        for field, message in unmet.items():
            if field in changed:
                errors[field] = [message]
    if (
        "parents_agreed_on" in changed
        and case.parents_agreed_on
        and case.parents_agreed_on > timezone.localdate()
    ):
        errors["parents_agreed_on"] = ["The agreement date cannot be in the future."]
    if (
        case.court_order_starts_on
        and case.court_order_ends_on
        and case.court_order_ends_on < case.court_order_starts_on
    ):
        errors["court_order_ends_on"] = ["A court order ends on or after the day it starts."]
    if case.youth_justice_team not in Case.YouthJusticeTeam.values:
        errors["youth_justice_team"] = ["Choose the Youth Justice team."]
    if errors:
        raise ValidationError(errors)


def _case_set(
    *, actor: Actor, case: Case, fields: dict[str, object], reason: str
) -> RecordChange | None:
    """Apply checked details to the case, keeping the history. The six-week dates are not
    touched: a case keeps its clock whoever works it."""
    before = history_before(case, list(fields))
    for name, value in fields.items():
        setattr(case, name, value)
    _check_staff(
        community_id=case.community_id,
        practitioner=case.practitioner,
        team_leader=case.team_leader,
    )
    _check_family(case.child, case.family)
    _check_case_details(case, fields)
    change = record_change(
        actor=actor, obj=case, before=before, reason=reason, child_id=case.child_id
    )
    if change is not None:
        case.save(update_fields=[*change.new_values, "updated_at"])
    audit(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        child_id=case.child_id,
        detail={"fields": sorted(change.new_values) if change else []},
    )
    return change


@in_community_of("case")
def case_update(
    *,
    actor: Actor,
    case: Case,
    reason: str = "",
    practitioner: User | Unset = UNSET,
    team_leader: User | None | Unset = UNSET,
    family: Family | None | Unset = UNSET,
    parents_agreed_on: datetime.date | None | Unset = UNSET,
    safe_at_home_judgement: str | Unset = UNSET,
    dfv_risk: bool | Unset = UNSET,
    dfv_safety_plan: str | Unset = UNSET,
    youth_justice_involved: bool | Unset = UNSET,
    youth_justice_officer: str | Unset = UNSET,
    youth_justice_team: str | Unset = UNSET,
    youth_justice_contacts: str | Unset = UNSET,
    court_order_conditions: str | Unset = UNSET,
    court_order_starts_on: datetime.date | None | Unset = UNSET,
    court_order_ends_on: datetime.date | None | Unset = UNSET,
    release_reintegration_plan: str | Unset = UNSET,
    aboriginal_community_worker: str | Unset = UNSET,
    aboriginal_practice_advisor: str | Unset = UNSET,
    cultural_language_needs: str | Unset = UNSET,
) -> Case:
    """Change who works the case, its household, the Strengthening Families agreement,
    youth justice, DFV and cultural details: what is given, with the earlier values kept.

    Changing the practitioner or team leader is a reassignment: the case's team leader
    (or the practitioner handing it over) does it, to people who work in the community.
    An edit that would break a rule (an open Strengthening Families case without the
    parents' agreement) is refused.
    """
    require_work_cases_in(actor, case.community_id)
    fields = given(
        practitioner=practitioner,
        team_leader=team_leader,
        family=family,
        parents_agreed_on=parents_agreed_on,
        safe_at_home_judgement=safe_at_home_judgement,
        dfv_risk=dfv_risk,
        dfv_safety_plan=dfv_safety_plan,
        youth_justice_involved=youth_justice_involved,
        youth_justice_officer=youth_justice_officer,
        youth_justice_team=youth_justice_team,
        youth_justice_contacts=youth_justice_contacts,
        court_order_conditions=court_order_conditions,
        court_order_starts_on=court_order_starts_on,
        court_order_ends_on=court_order_ends_on,
        release_reintegration_plan=release_reintegration_plan,
        aboriginal_community_worker=aboriginal_community_worker,
        aboriginal_practice_advisor=aboriginal_practice_advisor,
        cultural_language_needs=cultural_language_needs,
    )
    staff_changes = [
        name
        for name in CASE_STAFF_FIELDS
        if name in fields and getattr(case, f"{name}_id") != getattr(fields[name], "pk", None)
    ]
    if staff_changes:
        require_reassign_case(actor, case)
    _case_set(actor=actor, case=case, fields=fields, reason=reason)
    return case


@in_community_of("community")
def cases_reassign(
    *,
    actor: Actor,
    community: Community,
    from_practitioner: User,
    to_practitioner: User | None,
    reason: str,
) -> list[Case]:
    """Move every open case of a practitioner in this community to another (who must work
    in the community), when someone leaves or goes on leave. Each moved case keeps its
    six-week clock and its history; reminders go to the new practitioner from the next run
    (they are addressed to whoever holds the case then)."""
    require_reassign_caseload_in(actor, community.pk)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why these cases are moving.")]})
    if to_practitioner is None or not may_hold_cases_in(to_practitioner, community.pk):
        raise ValidationError(
            {"to_practitioner": [_("Choose a practitioner who works in this community.")]}
        )
    if to_practitioner.pk == from_practitioner.pk:
        raise ValidationError({"to_practitioner": [_("Choose someone else to take the cases.")]})
    cases = list(
        Case.objects.filter(community=community, practitioner=from_practitioner)
        .open()
        .select_related("child", "family", "practitioner", "team_leader")
        .select_for_update(of=("self",))
        .order_by("id")
    )
    for case in cases:
        _case_set(actor=actor, case=case, fields={"practitioner": to_practitioner}, reason=reason)
    return cases


# --- risk --------------------------------------------------------------------------------


@in_community_of("case")
def risk_assessment_record(
    *,
    actor: Actor,
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
    require_work_cases_in(actor, case.community_id)
    assessor = require_person(actor)
    require_open(case)
    assessment = _assessment_create(
        actor=assessor,
        case=case,
        assessed_on=assessed_on,
        level=level,
        next_reassessment_due_on=next_reassessment_due_on,
        summary=summary,
        imminent_risk_of_removal=imminent_risk_of_removal,
        safety_threats=list(safety_threats),
    )
    audit(actor, AuditEvent.Action.CREATE, assessment, child_id=case.child_id)
    return assessment


@in_community_of("threat")
def safety_threat_resolve(
    *, actor: Actor, threat: SafetyThreat, resolved_on: datetime.date | None = None
) -> SafetyThreat:
    require_work_cases_in(actor, threat.community_id)
    resolved_on = resolved_on or timezone.localdate()
    if resolved_on > timezone.localdate():
        raise ValidationError({"resolved_on": [_("The date cannot be in the future.")]})
    if threat.resolved:
        raise ValidationError(_("This safety threat is already resolved."))
    threat.resolved = True
    threat.resolved_on = resolved_on
    threat.save(update_fields=["resolved", "resolved_on"])
    child_id = (
        Case.objects.filter(risk_assessments__safety_threats=threat)
        .values_list("child_id", flat=True)
        .first()
    )
    audit(actor, AuditEvent.Action.UPDATE, threat, child_id=child_id)
    return threat
