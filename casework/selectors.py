"""Reads of casework records, always for an acting user and always scoped.

Lists hold only the communities where the user works on cases
(``permissions.casework_ids``: practitioners and team leaders, in partnerships that keep
case records). One record is looked up among every community the user works in, in any
role: outside them it answers 404; inside them, a role that does no casework answers 403
(``permissions.require_work_cases_in``). Querysets come back prefetched so a page's query
count does not grow with its rows.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any, Literal, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import (
    Model,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django_scopes import scopes_disabled

from core.actors import Actor, is_system
from core.free_text import Person, person_named
from partnerships.models import Community, Membership
from partnerships.selectors import community_ids_in_scope

from . import rules
from . import selectors_grants as grants
from .cadence import cadence_in_force
from .contact_due import return_visits_with_seen
from .fragments import contacts_shown, with_contacts_version
from .models import (
    CarePlan,
    CarePlanAction,
    Case,
    CaseQuerySet,
    CaseTask,
    Child,
    ChildReadGrant,
    Contact,
    ContactAmendment,
    ContactKind,
    Family,
    FamilyMember,
    MissedContactReason,
    Referral,
    ReturnVisit,
    RiskAssessment,
    SafetyThreat,
)
from .permissions import casework_ids, require_work_cases_in

# Which communities a read covers: where the actor works on cases (lists), or every
# community the actor works in (one record: 403 rather than 404 inside them).
Within = Literal["casework", "communities"]

M = TypeVar("M", bound=Model)


def community_ids_within(actor: Actor, within: Within = "casework") -> list[int]:
    if within == "casework":
        return casework_ids(actor)
    if actor is None or is_system(actor):
        return []
    return community_ids_in_scope(actor)


def _get(
    queryset: QuerySet[M],
    pk: Any,
    *,
    actor: Actor,
    grant: ChildReadGrant | None = None,
    child_field: str = "pk",
) -> M:
    """One record of the actor's communities (404 otherwise), if their role does casework.

    With ``grant`` (a read page, inside ``grants.grant_reading``), the granted child's
    record is found too, read-only: it carries ``read_grant`` and the read is audited with
    the grant's reason. Every write looks its record up without a grant, so it is 404.
    """
    own = community_ids_within(actor, "communities")
    visible = Q(community_id__in=own)
    if grant is not None:
        visible |= Q(community_id=grant.community_id, **{child_field: grant.child_id})
    try:
        record = queryset.filter(visible).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("No such record.") from None
    community_id = record.community_id  # type: ignore[attr-defined]
    if grant is not None and community_id not in own:
        record.read_grant = grant  # type: ignore[attr-defined]
        grants.audit_granted_read(actor=actor, grant=grant, obj=record)
        return record
    require_work_cases_in(actor, community_id)
    return record


# --- children and cases ------------------------------------------------------------------


def children_for(*, actor: Actor, within: Within = "casework") -> QuerySet[Child]:
    return Child.objects.filter(community_id__in=community_ids_within(actor, within))


def _cases() -> CaseQuerySet:
    return Case.objects.select_related("child", "practitioner", "team_leader", "community")


def cases_for(*, actor: Actor, within: Within = "casework") -> CaseQuerySet:
    return _cases().filter(community_id__in=community_ids_within(actor, within))


def case_get(*, actor: Actor, case_id: int) -> Case:
    return _get(_cases(), case_id, actor=actor)


def child_get(*, actor: Actor, child_id: int) -> Child:
    return _get(Child.objects.all(), child_id, actor=actor)


def _contacts() -> QuerySet[Contact]:
    return Contact.objects.select_related(
        "case", "case__child", "recorded_by", "return_visit"
    ).prefetch_related(
        Prefetch("amendments", queryset=ContactAmendment.objects.select_related("amended_by"))
    )


def contacts_for(*, actor: Actor, within: Within = "casework") -> QuerySet[Contact]:
    return _contacts().filter(community_id__in=community_ids_within(actor, within))


def contact_get(*, actor: Actor, contact_id: int) -> Contact:
    return _get(_contacts(), contact_id, actor=actor)


def risk_assessments_for(*, actor: Actor, within: Within = "casework") -> QuerySet[RiskAssessment]:
    return (
        RiskAssessment.objects.filter(community_id__in=community_ids_within(actor, within))
        .select_related("case", "assessor")
        .prefetch_related("safety_threats")
    )


def safety_threat_get(*, actor: Actor, threat_id: int) -> SafetyThreat:
    return _get(
        SafetyThreat.objects.select_related(
            "assessment", "assessment__case", "assessment__case__child"
        ),
        threat_id,
        actor=actor,
    )


def _care_plans() -> QuerySet[CarePlan]:
    return CarePlan.objects.select_related("case", "case__child", "created_by").prefetch_related(
        "actions"
    )


def care_plans_for(*, actor: Actor, within: Within = "casework") -> QuerySet[CarePlan]:
    return _care_plans().filter(community_id__in=community_ids_within(actor, within))


def care_plan_get(*, actor: Actor, care_plan_id: int) -> CarePlan:
    return _get(_care_plans(), care_plan_id, actor=actor)


def _referrals() -> QuerySet[Referral]:
    return Referral.objects.select_related("case", "case__child", "created_by")


def referrals_for(*, actor: Actor, within: Within = "casework") -> QuerySet[Referral]:
    return _referrals().filter(community_id__in=community_ids_within(actor, within))


def referral_get(*, actor: Actor, referral_id: int) -> Referral:
    return _get(_referrals(), referral_id, actor=actor)


def task_get(*, actor: Actor, task_id: int) -> CaseTask:
    return _get(
        CaseTask.objects.select_related("case", "case__child", "assigned_to", "decided_by"),
        task_id,
        actor=actor,
    )


def return_visits_of(case: Case) -> list[ReturnVisit]:
    """The case's return visits, for a contact form (only a child interstate has them)."""
    return list(case.return_visits.all()) if case.child.lives_interstate else []


def latest_care_plan(case: Case) -> CarePlan | None:
    return case.care_plans.order_by("-created_at", "-id").first()


# --- what the pages show of a case -------------------------------------------------------


def with_status_now(cases: Iterable[Case], today: datetime.date) -> list[Case]:
    """The cases, each with today's contact status (``status_now``, ``status_now_tag``)
    and whether its reassessment is overdue, as caseloads and the child's page show them."""
    rows = list(cases)
    for case in rows:
        case.status_now = case.contact_status(today)
        case.status_now_tag = rules.CONTACT_STATUS_TAGS.get(case.status_now or "", "")
        case.reassessment_is_overdue = case.reassessment_overdue(today)
        # The caseloads' reason for a late contact (selectors_cadence.with_missed_reason).
        code = getattr(case, "missed_reason", None)
        case.missed_reason_words = str(MissedContactReason.Reason(code).label) if code else ""
    return rows


def closure_conditions_unmet(
    case: Case,
    *,
    parents_capacity_note: str | None = None,
    include_parents_capacity: bool = True,
) -> list[str]:
    """The unmet conditions for closing this case with no further action (empty when met).

    ``parents_capacity_note`` is judged instead of the case's own (a request about to
    record one). The closure form, where the practitioner is still writing that note, asks
    without it: ``include_parents_capacity=False``. Call inside the case's scope.
    """
    if not case.is_strengthening_families:
        return []
    latest = RiskAssessment.objects.filter(case=case).order_by("-assessed_on", "-id").first()
    unresolved = (
        SafetyThreat.objects.filter(assessment=latest, resolved=False).count() if latest else 0
    )
    note = case.parents_capacity_note if parents_capacity_note is None else parents_capacity_note
    return rules.closure_unmet_conditions(
        latest_risk_level=latest.level if latest else None,
        unresolved_safety_threats=unresolved,
        # A stand-in note meets the condition, so it is left out of the answer.
        parents_capacity_note=note if include_parents_capacity else "not asked",
    )


# --- the child's page --------------------------------------------------------------------


CONTACT_HISTORY_PAGE_SIZE = 50


def case_contact_history(*, actor: Actor, case_id: int) -> tuple[Case, QuerySet[Contact]]:
    """A case and all its contacts, newest first, for the paged contact history."""
    with grants.grant_reading(actor, case_id=case_id) as grant:
        case = _get(_cases(), case_id, actor=actor, grant=grant, child_field="child_id")
        return case, contacts_shown(Contact.objects.filter(case=case))


def child_detail(*, actor: Actor, child_id: int) -> Child:
    """The child with every case and what the page shows, in a fixed number of queries.

    A read: a running read grant (after a transfer, or emergency access) finds the child.
    """
    with grants.grant_reading(actor, child_id=child_id) as grant:
        return _child_detail(actor=actor, child_id=child_id, grant=grant)


def _child_detail(*, actor: Actor, child_id: int, grant: ChildReadGrant | None) -> Child:
    # The latest contacts come with the page's cached per-case sections
    # (``casework.fragments``): only their version is read here.
    cases = with_contacts_version(
        Case.objects.select_related(
            "practitioner",
            "team_leader",
            "family",
            "closure_requested_by",
            "closure_decided_by",
        )
    ).prefetch_related(
        *_plans_and_risk(),
        Prefetch("referrals", queryset=Referral.objects.select_related("created_by")),
        Prefetch("tasks", queryset=CaseTask.objects.select_related("assigned_to", "decided_by")),
        # Each visit with ``seen``: a face-to-face contact during it counts, linked or not.
        Prefetch("return_visits", queryset=return_visits_with_seen(ReturnVisit.objects.all())),
        Prefetch(
            "missed_contacts",
            queryset=MissedContactReason.objects.select_related(
                "recorded_by", "acknowledged_by"
            ).order_by("-recorded_at", "-id"),
        ),
    )
    queryset = Child.objects.prefetch_related(
        Prefetch("cases", queryset=cases.order_by("-opened_on", "-id"))
    )
    return _get(queryset, child_id, actor=actor, grant=grant)


def _plans_and_risk() -> tuple[Prefetch, Prefetch]:
    """A case's risk history (with its safety threats) and its plans (with their actions)."""
    return (
        Prefetch(
            "risk_assessments",
            queryset=RiskAssessment.objects.select_related("assessor").prefetch_related(
                "safety_threats"
            ),
        ),
        Prefetch(
            "care_plans",
            queryset=CarePlan.objects.select_related("created_by").prefetch_related(
                Prefetch("actions", queryset=CarePlanAction.objects.all())
            ),
        ),
    )


def child_summary_detail(*, actor: Actor, child_id: int) -> Child:
    """The child with their cases' plans and risk history: what the printable summary
    shows, without the child page's contacts, tasks, referrals, visits and cadence."""
    with grants.grant_reading(actor, child_id=child_id) as grant:
        cases = Case.objects.select_related("practitioner", "team_leader").prefetch_related(
            *_plans_and_risk()
        )
        queryset = Child.objects.select_related("community").prefetch_related(
            Prefetch("cases", queryset=cases.order_by("-opened_on", "-id"))
        )
        child = _get(queryset, child_id, actor=actor, grant=grant)
    for case in child.cases.all():
        plans = list(case.care_plans.all())
        case.current_plan = plans[0] if plans else None
        case.assessment_history = list(case.risk_assessments.all())
    return child


def child_page_cases(child: Child, today: datetime.date) -> list[Case]:
    """The child's cases (from ``child_detail``) with what the page shows of each: today's
    status, the current and earlier plans, the latest assessment, open tasks, return visits
    still waiting for a face-to-face contact, and whether to prompt an IFPS referral."""
    cases = with_status_now(child.cases.all(), today)
    for case in cases:
        plans = list(case.care_plans.all())
        case.current_plan = plans[0] if plans else None
        case.earlier_plans = plans[1:]
        assessments = list(case.risk_assessments.all())
        case.latest_assessment = assessments[0] if assessments else None
        case.assessment_history = assessments
        case.open_tasks = [task for task in case.tasks.all() if task.is_open]
        # "No face-to-face contact since ...": the latest contact's kind, when it was not one.
        kind = case.latest_contact_kind  # type: ignore[attr-defined]
        case.last_contact_not_seen = (  # type: ignore[attr-defined]
            ContactKind(kind).label if kind and kind not in rules.FACE_TO_FACE_KINDS else None
        )
        since = child.contact_rule_since
        case.pending_visits = [
            visit
            for visit in case.return_visits.all()
            if not visit.seen and (since is None or visit.ends_on >= since)  # type: ignore[attr-defined]
        ]
        gap_from = case.last_face_to_face_on or case.opened_on
        case.current_missed = next(
            (m for m in case.missed_contacts.all() if m.gap_from == gap_from), None
        )
        # The cadence in force and who set it (two queries for each open case shown).
        case.cadence_shown = cadence_in_force(case) if case.is_open else None
        case.show_ifps_prompt = case.is_open and rules.ifps_prompt_shown(
            imminent_risk_of_removal=case.imminent_risk_of_removal,
            referrals=[(r.service, r.status) for r in case.referrals.all()],
        )
    return cases


def _other_names(value: object) -> tuple[str, ...]:
    """A list field, or text with one name a line or comma, as separate names."""
    if not value:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if v)
    return tuple(part.strip() for part in re.split(r"[\n,;]", str(value)) if part.strip())


CHILD_HAS_ALTERNATIVE_NAMES = any(f.name == "alternative_names" for f in Child._meta.get_fields())


def identifying_people_of(*, community_ids: Iterable[int]) -> dict[int, list[Person]]:
    """Everyone a community's free text must not name, by community: its children (given,
    preferred, family and alternative names, date of birth, carer), its families' household
    names and nominated people, and the people named as family members.

    For checking text that leaves a community, never for showing: it is read with the
    fence off (the check runs for whoever writes, and for the report job) and gives names
    to the matcher only. Three queries.
    """
    ids = sorted({int(i) for i in community_ids})
    people: dict[int, list[Person]] = {i: [] for i in ids}
    if not ids:
        return people
    fields = ["community_id", "given_name", "preferred_name", "family_name", "date_of_birth"]
    fields += ["carer_name"] + (["alternative_names"] if CHILD_HAS_ALTERNATIVE_NAMES else [])
    with scopes_disabled():
        for row in Child.objects.filter(community_id__in=ids).values(*fields):
            names = (row["given_name"], row["preferred_name"])
            names += _other_names(row.get("alternative_names"))
            people[row["community_id"]].append(
                Person(
                    names=tuple(n for n in names if n),
                    family_name=row["family_name"],
                    date_of_birth=row["date_of_birth"],
                )
            )
            if row["carer_name"]:
                people[row["community_id"]].append(person_named(row["carer_name"]))
        for community_id, name, nominated in Family.objects.filter(
            community_id__in=ids
        ).values_list("community_id", "name", "nominated_people"):
            household = [w for w in name.split() if w.casefold() not in HOUSEHOLD_WORDS]
            extra = (" ".join(household),) if household else ()
            people[community_id].append(Person(names=extra))
            people[community_id].extend(person_named(n) for n in _other_names(nominated))
        for community_id, person_name in (
            FamilyMember.objects.filter(community_id__in=ids)
            .exclude(person_name="")
            .values_list("community_id", "person_name")
        ):
            people[community_id].append(person_named(person_name))
    return people


# Words of a household's name that name nobody ("the Smith family").
HOUSEHOLD_WORDS = frozenset({"the", "family", "household", "mob", "and", "&"})


def casework_communities(*, actor: Actor) -> QuerySet[Community]:
    return Community.objects.filter(pk__in=casework_ids(actor)).order_by("name")


def community_staff(*, community_id: int, roles: Iterable[str]) -> list[tuple[int, str]]:
    """(id, name) of people who currently hold one of ``roles`` in the community."""
    rows = (
        Membership.objects.active()
        .filter(community_id=community_id, role__in=sorted(roles))
        .select_related("user")
        .order_by("user__display_name")
    )
    seen: dict[int, str] = {}
    for row in rows:
        seen.setdefault(row.user_id, row.user.display_name or row.user.username)
    return list(seen.items())
