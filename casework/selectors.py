"""Reads of casework records, always for an acting user and always scoped.

A user sees children and cases only in the communities returned by
``partnerships.selectors.casework_community_ids`` (practitioners and team leaders, in
partnerships that keep case records). Anything else answers 404. Querysets come back
prefetched so a page's query count does not grow with its rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case as CaseWhen
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404

from partnerships.models import Role
from partnerships.selectors import casework_community_ids, community_ids_for_roles

from . import rules
from .models import (
    CarePlan,
    CarePlanAction,
    Case,
    CaseTask,
    Child,
    Contact,
    ContactAmendment,
    Referral,
    ReturnVisit,
    RiskAssessment,
    RiskLevel,
    SafetyThreat,
)

HIGH_RISK = (RiskLevel.HIGH, RiskLevel.VERY_HIGH)


def casework_ids(actor) -> list[int]:
    return casework_community_ids(actor)


def team_leader_ids(actor) -> list[int]:
    """Communities where the actor leads a team (and which keep case records)."""
    return sorted(
        set(casework_community_ids(actor)) & set(community_ids_for_roles(actor, [Role.TEAM_LEADER]))
    )


def _get(queryset: QuerySet, pk: int):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record.") from None


# --- children and cases ------------------------------------------------------------------


def children_for(*, actor) -> QuerySet[Child]:
    return Child.objects.filter(community_id__in=casework_ids(actor))


def cases_for(*, actor) -> QuerySet[Case]:
    return Case.objects.filter(community_id__in=casework_ids(actor)).select_related(
        "child", "practitioner", "team_leader", "community"
    )


def case_get(*, actor, case_id: int) -> Case:
    return _get(cases_for(actor=actor), case_id)


def child_get(*, actor, child_id: int) -> Child:
    return _get(children_for(actor=actor), child_id)


def contacts_for(*, actor) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(community_id__in=casework_ids(actor))
        .select_related("case", "case__child", "recorded_by", "return_visit")
        .prefetch_related(
            Prefetch(
                "amendments",
                queryset=ContactAmendment.objects.select_related("amended_by"),
            )
        )
    )


def contact_get(*, actor, contact_id: int) -> Contact:
    return _get(contacts_for(actor=actor), contact_id)


def risk_assessments_for(*, actor) -> QuerySet[RiskAssessment]:
    return (
        RiskAssessment.objects.filter(community_id__in=casework_ids(actor))
        .select_related("case", "assessor")
        .prefetch_related("safety_threats")
    )


def safety_threat_get(*, actor, threat_id: int) -> SafetyThreat:
    return _get(
        SafetyThreat.objects.filter(community_id__in=casework_ids(actor)).select_related(
            "assessment", "assessment__case", "assessment__case__child"
        ),
        threat_id,
    )


def care_plans_for(*, actor) -> QuerySet[CarePlan]:
    return (
        CarePlan.objects.filter(community_id__in=casework_ids(actor))
        .select_related("case", "case__child", "created_by")
        .prefetch_related("actions")
    )


def care_plan_get(*, actor, care_plan_id: int) -> CarePlan:
    return _get(care_plans_for(actor=actor), care_plan_id)


def referrals_for(*, actor) -> QuerySet[Referral]:
    return Referral.objects.filter(community_id__in=casework_ids(actor)).select_related(
        "case", "case__child", "created_by"
    )


def referral_get(*, actor, referral_id: int) -> Referral:
    return _get(referrals_for(actor=actor), referral_id)


def task_get(*, actor, task_id: int) -> CaseTask:
    return _get(
        CaseTask.objects.filter(community_id__in=casework_ids(actor)).select_related(
            "case", "case__child", "assigned_to", "decided_by"
        ),
        task_id,
    )


# --- caseloads ---------------------------------------------------------------------------


def _with_urgency(queryset: QuerySet[Case], today: datetime.date) -> QuerySet[Case]:
    """Rank each case: contact overdue, due soon, then by risk (very high first)."""
    in_care = Q(kind=Case.Kind.IN_CARE) & ~Q(status=Case.Status.CLOSED)
    return queryset.annotate(
        contact_rank=CaseWhen(
            When(in_care & Q(next_contact_due_on__lt=today), then=Value(0)),
            When(in_care & Q(next_contact_due_on__lte=today + rules.DUE_SOON), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        risk_rank=CaseWhen(
            *[When(risk_level=level, then=Value(rank)) for level, rank in _risk_ranks()],
            default=Value(4),
            output_field=IntegerField(),
        ),
        has_open_task=Exists(
            CaseTask.objects.filter(case=OuterRef("pk"), status=CaseTask.Status.OPEN)
        ),
    )


def _risk_ranks():
    return [
        (RiskLevel.VERY_HIGH, 0),
        (RiskLevel.HIGH, 1),
        (RiskLevel.MODERATE, 2),
        (RiskLevel.LOW, 3),
    ]


def my_caseload(*, actor, today: datetime.date) -> QuerySet[Case]:
    """The actor's own open cases, most urgent first."""
    return _with_urgency(cases_for(actor=actor).open().filter(practitioner=actor), today).order_by(
        "contact_rank", "risk_rank", "next_contact_due_on", "child__family_name", "id"
    )


TEAM_STATUS_FILTERS = {
    "overdue": "Contact overdue",
    "due_soon": "Contact due within 7 days",
    "on_track": "Contact on track",
    "high_risk": "High or very high risk",
    "reassessment_overdue": "Reassessment overdue",
    "closure_waiting": "Closure waiting for approval",
    "task_open": "Further action to decide",
    "closed": "Closed",
}

TEAM_SORTS = {
    "urgency": ("contact_rank", "risk_rank", "next_contact_due_on", "id"),
    "due": ("next_contact_due_on", "id"),
    "risk": ("risk_rank", "contact_rank", "id"),
    "child": ("child__family_name", "child__given_name", "id"),
    "practitioner": ("practitioner__display_name", "contact_rank", "id"),
    "opened": ("-opened_on", "id"),
}


TEAM_SCOPES = {
    "mine": "Cases you lead, and cases with no team leader",
    "all": "Every case in the communities where you lead a team",
}


def _team_cases(actor, team: str) -> QuerySet[Case]:
    """The cases a team leader oversees.

    By default the cases they lead, plus any case no one leads yet, so an unassigned case
    is in front of every team leader of its community rather than of none. ``"all"``
    widens it to every case of the communities where they lead a team.
    """
    queryset = Case.objects.filter(community_id__in=team_leader_ids(actor))
    if team != "all":
        queryset = queryset.filter(Q(team_leader=actor) | Q(team_leader__isnull=True))
    return queryset


def team_caseload(
    *,
    actor,
    today: datetime.date,
    team: str = "mine",
    status: str = "",
    practitioner_id: int | None = None,
    kind: str = "",
    risk_level: str = "",
    sort: str = "urgency",
) -> QuerySet[Case]:
    """Cases in the communities the actor leads, filtered and sorted."""
    queryset = _team_cases(actor, team).select_related(
        "child", "practitioner", "team_leader", "community"
    )
    queryset = _with_urgency(queryset, today)
    if status == "closed":
        queryset = queryset.filter(status=Case.Status.CLOSED)
    else:
        queryset = queryset.open()
        if status in rules.ContactStatus.values:
            queryset = queryset.in_care().with_contact_status(status, today)
        elif status == "high_risk":
            queryset = queryset.filter(risk_level__in=HIGH_RISK)
        elif status == "reassessment_overdue":
            queryset = queryset.filter(next_reassessment_due_on__lt=today)
        elif status == "closure_waiting":
            queryset = queryset.filter(status=Case.Status.CLOSURE_REQUESTED)
        elif status == "task_open":
            queryset = queryset.filter(has_open_task=True)
    if practitioner_id:
        queryset = queryset.filter(practitioner_id=practitioner_id)
    if kind in Case.Kind.values:
        queryset = queryset.filter(kind=kind)
    if risk_level in RiskLevel.values:
        queryset = queryset.filter(risk_level=risk_level)
    return queryset.order_by(*TEAM_SORTS.get(sort, TEAM_SORTS["urgency"]))


@dataclass
class PractitionerSummary:
    practitioner_id: int
    name: str
    open_cases: int = 0
    overdue: int = 0
    due_soon: int = 0
    high_risk: int = 0
    reassessment_overdue: int = 0
    closures_waiting: int = 0
    tasks_open: int = 0


def team_summary(*, actor, today: datetime.date, team: str = "mine") -> list[PractitionerSummary]:
    """Per practitioner in the actor's teams: what needs attention. Three queries."""
    cases = _team_cases(actor, team)
    in_care = Q(kind=Case.Kind.IN_CARE)
    rows = (
        cases.open()
        .order_by()
        .values("practitioner_id")
        .annotate(
            open_cases=Count("id"),
            overdue=Count("id", filter=in_care & Q(next_contact_due_on__lt=today)),
            due_soon=Count(
                "id",
                filter=in_care
                & Q(
                    next_contact_due_on__gte=today, next_contact_due_on__lte=today + rules.DUE_SOON
                ),
            ),
            high_risk=Count("id", filter=Q(risk_level__in=HIGH_RISK)),
            reassessment_overdue=Count("id", filter=Q(next_reassessment_due_on__lt=today)),
            closures_waiting=Count("id", filter=Q(status=Case.Status.CLOSURE_REQUESTED)),
        )
    )
    tasks = dict(
        CaseTask.objects.filter(
            community_id__in=team_leader_ids(actor),
            case__in=cases.open(),
            status=CaseTask.Status.OPEN,
        )
        .order_by()
        .values("case__practitioner_id")
        .annotate(n=Count("id"))
        .values_list("case__practitioner_id", "n")
    )
    summaries = {
        row["practitioner_id"]: PractitionerSummary(
            practitioner_id=row["practitioner_id"],
            name="",
            **{k: v for k, v in row.items() if k != "practitioner_id"},
        )
        for row in rows
    }
    for practitioner_id, count in tasks.items():
        summaries.setdefault(
            practitioner_id, PractitionerSummary(practitioner_id=practitioner_id, name="")
        ).tasks_open = count
    names = dict(
        get_user_model().objects.filter(pk__in=list(summaries)).values_list("pk", "display_name")
    )
    for summary in summaries.values():
        summary.name = names.get(summary.practitioner_id) or f"User {summary.practitioner_id}"
    return sorted(summaries.values(), key=lambda s: (-s.overdue, -s.due_soon, s.name))


def team_practitioners(*, actor, team: str = "mine") -> list[tuple[int, str]]:
    """(id, name) of everyone holding cases in the actor's teams, for the filter."""
    ids = _team_cases(actor, team).order_by().values_list("practitioner_id", flat=True).distinct()
    return list(
        get_user_model()
        .objects.filter(pk__in=list(ids))
        .order_by("display_name")
        .values_list("pk", "display_name")
    )


# --- the child's page --------------------------------------------------------------------


CHILD_PAGE_CONTACTS = 10
CONTACT_HISTORY_PAGE_SIZE = 50


def _contacts_shown(queryset: QuerySet[Contact]) -> QuerySet[Contact]:
    """Contacts as the pages show them: newest first, with who recorded and corrected them."""
    return (
        queryset.select_related("recorded_by", "return_visit")
        .prefetch_related(
            Prefetch("amendments", queryset=ContactAmendment.objects.select_related("amended_by"))
        )
        .order_by("-occurred_at", "-id")
    )


def case_contact_history(*, actor, case_id: int) -> tuple[Case, QuerySet[Contact]]:
    """A case and all its contacts, newest first, for the paged contact history."""
    case = case_get(actor=actor, case_id=case_id)
    return case, _contacts_shown(Contact.objects.filter(case=case))


def child_detail(*, actor, child_id: int) -> Child:
    """The child with every case and what the page shows, in a fixed number of queries."""
    cases = (
        Case.objects.select_related(
            "practitioner", "team_leader", "family", "closure_requested_by", "closure_decided_by"
        )
        .annotate(
            contact_count=Subquery(
                Contact.objects.filter(case=OuterRef("pk"))
                .order_by()
                .values("case")
                .annotate(n=Count("id"))
                .values("n")
            )
        )
        .prefetch_related(
            # The latest contacts only: a child in care for years has hundreds, and the page
            # is read on phones over slow links. The rest are on the case's contact history.
            Prefetch(
                "contacts",
                queryset=_contacts_shown(Contact.objects.all())[:CHILD_PAGE_CONTACTS],
                to_attr="latest_contacts",
            ),
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
            Prefetch("referrals", queryset=Referral.objects.select_related("created_by")),
            Prefetch(
                "tasks", queryset=CaseTask.objects.select_related("assigned_to", "decided_by")
            ),
            Prefetch(
                "return_visits",
                queryset=ReturnVisit.objects.prefetch_related(
                    Prefetch("contacts", queryset=Contact.objects.all())
                ),
            ),
        )
    )
    queryset = children_for(actor=actor).prefetch_related(
        Prefetch("cases", queryset=cases.order_by("-opened_on", "-id"))
    )
    return _get(queryset, child_id)


def casework_communities(*, actor):
    from partnerships.models import Community

    return Community.objects.filter(pk__in=casework_ids(actor)).order_by("name")


def community_staff(*, community_id: int, roles) -> list[tuple[int, str]]:
    """(id, name) of people who currently hold one of ``roles`` in the community."""
    from partnerships.models import Membership

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
