"""Reads for the caseload pages: a practitioner's own cases and a team leader's team.

Each ranks cases by urgency in the database (contact overdue, due soon, then risk, very
high first) so a page of a large community's caseload is one query, not a sort in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case as CaseWhen
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from core.actors import Actor

from . import rules
from .models import Case, CaseQuerySet, CaseTask, RiskLevel
from .models.cases import contact_due_soon_q
from .permissions import team_leader_ids
from .selectors import cases_for
from .selectors_cadence import with_missed_reason

HIGH_RISK = (RiskLevel.HIGH, RiskLevel.VERY_HIGH)


def _with_urgency(queryset: CaseQuerySet, today: datetime.date) -> CaseQuerySet:
    """Rank each case: contact overdue, due soon, then by risk (very high first)."""
    # Every case under a contact cadence: children in care, and cases given a stricter one.
    under_cadence = (Q(kind=Case.Kind.IN_CARE) | Q(contact_cadence_days__isnull=False)) & ~Q(
        status=Case.Status.CLOSED
    )
    return with_missed_reason(queryset).annotate(
        contact_rank=CaseWhen(
            When(under_cadence & Q(next_contact_due_on__lt=today), then=Value(0)),
            When(under_cadence & contact_due_soon_q(today), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        risk_rank=CaseWhen(
            *[When(risk_level=level, then=Value(rank)) for level, rank in rules.RISK_ORDER.items()],
            default=Value(4),
            output_field=IntegerField(),
        ),
        has_open_task=Exists(
            CaseTask.objects.filter(case=OuterRef("pk"), status=CaseTask.Status.OPEN)
        ),
    )


def my_caseload(*, actor: Actor, today: datetime.date) -> QuerySet[Case]:
    """The actor's own open cases, most urgent first."""
    return _with_urgency(cases_for(actor=actor).open().filter(practitioner=actor), today).order_by(
        "contact_rank", "risk_rank", "next_contact_due_on", "child__family_name", "id"
    )


TEAM_STATUS_FILTERS = {
    "overdue": _("Contact overdue"),
    "due_soon": _("Contact due soon"),
    "on_track": _("Contact on track"),
    "high_risk": _("High or very high risk"),
    "reassessment_overdue": _("Reassessment overdue"),
    "closure_waiting": _("Closure waiting for approval"),
    "task_open": _("Further action to decide"),
    "closed": _("Closed"),
}

TEAM_SORTS = {
    "urgency": ("contact_rank", "risk_rank", "next_contact_due_on", "id"),
    "due": ("next_contact_due_on", "id"),
    "risk": ("risk_rank", "contact_rank", "id"),
    "child": ("child__family_name", "child__given_name", "id"),
    "practitioner": ("practitioner__display_name", "contact_rank", "id"),
    "opened": ("-opened_on", "id"),
}


TEAM_SORT_LABELS = {
    "urgency": _("Most urgent first"),
    "due": _("Next contact due"),
    "risk": _("Risk, highest first"),
    "child": _("Child's family name"),
    "practitioner": _("Practitioner"),
    "opened": _("Most recently opened"),
}


TEAM_SCOPES = {
    "mine": _("Cases you lead, and cases with no team leader"),
    "all": _("Every case in the communities where you lead a team"),
}


def _team_cases(actor: Actor, team: str) -> CaseQuerySet:
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
    actor: Actor,
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
            queryset = queryset.under_cadence().with_contact_status(status, today)
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


def team_summary(
    *, actor: Actor, today: datetime.date, team: str = "mine"
) -> list[PractitionerSummary]:
    """Per practitioner in the actor's teams: what needs attention. Three queries."""
    cases = _team_cases(actor, team)
    rows = (
        cases.open()
        .order_by()
        .values("practitioner_id")
        .annotate(
            open_cases=Count("id"),
            # A case has a due date only under a cadence (casework.cadence).
            overdue=Count("id", filter=Q(next_contact_due_on__lt=today)),
            due_soon=Count("id", filter=contact_due_soon_q(today)),
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


def team_practitioners(*, actor: Actor, team: str = "mine") -> list[tuple[int, str]]:
    """(id, name) of everyone holding cases in the actor's teams, for the filter."""
    ids = _team_cases(actor, team).order_by().values_list("practitioner_id", flat=True).distinct()
    return list(
        get_user_model()
        .objects.filter(pk__in=list(ids))
        .order_by("display_name")
        .values_list("pk", "display_name")
    )
