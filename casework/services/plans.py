"""Care plans and their actions; return visits to the NT by a child living interstate."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from core.actors import Actor

from ..contact_due import case_refresh_contact_due
from ..models import CarePlan, CarePlanAction, Case, ReturnVisit
from ..permissions import require_person, require_work_cases_in
from .base import UNSET, Unset, audit, clean, given, in_community_of, require_open
from .history import history_before, record_change

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


class CarePlanActionInput(TypedDict, total=False):
    description: str
    owner: str
    due_on: datetime.date | None


def _check_care_plan(
    case: Case, *, review_due_on: datetime.date | None, return_visit_arrangements: str
) -> datetime.date:
    """The plan's review date, once the plan meets the rules."""
    errors: dict[str, list[str]] = {}
    if not review_due_on:
        errors["review_due_on"] = ["Set the date the plan is next reviewed."]
    if case.is_in_care and case.child.lives_interstate and not return_visit_arrangements.strip():
        errors["return_visit_arrangements"] = [
            "The child lives interstate: record how contact happens on each return visit to "
            "the NT, as agreed with the child and family."
        ]
    if errors or review_due_on is None:
        raise ValidationError(errors)
    return review_due_on


def _care_plan_actions_add(plan: CarePlan, actions: Iterable[CarePlanActionInput]) -> None:
    for row in actions:
        description = (row.get("description") or "").strip()
        if not description:
            continue
        owner = (row.get("owner") or "").strip()
        due_on = row.get("due_on")
        refused = ValidationError({"actions": [_("Each action needs who will do it and by when.")]})
        if not owner or due_on is None:
            raise refused
        action = CarePlanAction(
            community_id=plan.community_id,
            care_plan=plan,
            description=description,
            owner=owner,
            due_on=due_on,
        )
        try:
            clean(action)
        except ValidationError as error:
            raise refused from error
        action.save()


@in_community_of("case")
def care_plan_record(
    *,
    actor: Actor,
    case: Case,
    review_due_on: datetime.date | None = None,
    worries: str = "",
    working_well: str = "",
    needs_to_happen: str = "",
    goals: str = "",
    child_views: str = "",
    family_views: str = "",
    decision_participants: str = "",
    return_visit_arrangements: str = "",
    actions: Iterable[CarePlanActionInput] = (),
) -> CarePlan:
    """A new plan for the case (the latest is the current one; earlier ones are kept)."""
    require_work_cases_in(actor, case.community_id)
    author = require_person(actor)
    require_open(case)
    plan = CarePlan(
        community_id=case.community_id,
        case=case,
        created_by=author,
        review_due_on=_check_care_plan(
            case, review_due_on=review_due_on, return_visit_arrangements=return_visit_arrangements
        ),
        worries=worries,
        working_well=working_well,
        needs_to_happen=needs_to_happen,
        goals=goals,
        child_views=child_views,
        family_views=family_views,
        decision_participants=decision_participants,
        return_visit_arrangements=return_visit_arrangements,
    )
    plan.save()
    _care_plan_actions_add(plan, actions)
    audit(actor, AuditEvent.Action.CREATE, plan, child_id=case.child_id)
    return plan


@in_community_of("care_plan")
def care_plan_update(
    *,
    actor: Actor,
    care_plan: CarePlan,
    add_actions: Iterable[CarePlanActionInput] = (),
    actions_done: Iterable[int] = (),
    reason: str = "",
    review_due_on: datetime.date | Unset = UNSET,
    worries: str | Unset = UNSET,
    working_well: str | Unset = UNSET,
    needs_to_happen: str | Unset = UNSET,
    goals: str | Unset = UNSET,
    child_views: str | Unset = UNSET,
    family_views: str | Unset = UNSET,
    decision_participants: str | Unset = UNSET,
    return_visit_arrangements: str | Unset = UNSET,
) -> CarePlan:
    """Change what is given, add actions, and mark actions done (today)."""
    case = care_plan.case
    require_work_cases_in(actor, case.community_id)
    require_open(case)
    fields = given(
        review_due_on=review_due_on,
        worries=worries,
        working_well=working_well,
        needs_to_happen=needs_to_happen,
        goals=goals,
        child_views=child_views,
        family_views=family_views,
        decision_participants=decision_participants,
        return_visit_arrangements=return_visit_arrangements,
    )
    before = history_before(care_plan, CARE_PLAN_FIELDS)
    for name, value in fields.items():
        setattr(care_plan, name, value)
    _check_care_plan(
        case,
        review_due_on=care_plan.review_due_on,
        return_visit_arrangements=care_plan.return_visit_arrangements,
    )
    care_plan.save()
    record_change(actor=actor, obj=care_plan, before=before, reason=reason, child_id=case.child_id)
    _care_plan_actions_add(care_plan, add_actions)
    done_ids = [int(pk) for pk in actions_done]
    unknown = set(done_ids) - set(care_plan.actions.values_list("pk", flat=True))
    if unknown:
        raise ValidationError({"actions_done": ["Choose actions of this care plan."]})
    if done_ids:
        CarePlanAction.objects.filter(
            care_plan=care_plan, pk__in=done_ids, done_on__isnull=True
        ).update(done_on=timezone.localdate())
    audit(
        actor,
        AuditEvent.Action.UPDATE,
        care_plan,
        child_id=case.child_id,
        detail={"fields": list(fields), "actions_done": done_ids},
    )
    return care_plan


# --- return visits -----------------------------------------------------------------------


@in_community_of("case")
def return_visit_record(
    *,
    actor: Actor,
    case: Case,
    starts_on: datetime.date,
    ends_on: datetime.date,
    notes: str = "",
) -> ReturnVisit:
    """A visit to the NT by a child living or at boarding school interstate."""
    require_work_cases_in(actor, case.community_id)
    author = require_person(actor)
    require_open(case)
    if not case.child.lives_interstate:
        raise ValidationError(
            _(
                "Return visits are recorded for a child who lives or goes to boarding school "
                "interstate. Update where the child lives first."
            )
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The visit ends on or after the day it starts.")]})
    visit = ReturnVisit.objects.create(
        community_id=case.community_id,
        case=case,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes,
        created_by=author,
    )
    case_refresh_contact_due(case)
    audit(actor, AuditEvent.Action.CREATE, visit, child_id=case.child_id)
    return visit
