"""Home panels for practitioners and team leaders (registered with accounts.home)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.home import Line, Panel, register
from core.actors import Actor

from . import caseloads, permissions, selectors
from .models import CaseTask
from .models.cases import contact_due_soon_q


@register
def practitioner_panel(actor: Actor, today: datetime.date) -> Panel | None:
    """A practitioner's own cases: overdue, due this week, and open tasks. Two queries."""
    if not permissions.may_read_casework(actor):
        return None
    mine = selectors.cases_for(actor=actor).open().filter(practitioner=actor)
    counts = mine.order_by().aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(next_contact_due_on__lt=today)),
        due_soon=Count("id", filter=contact_due_soon_q(today)),
    )
    if not counts["open"] and permissions.leads_any_team(actor):
        return None  # a team leader without cases of their own: the team panel says it
    tasks = CaseTask.objects.filter(
        community_id__in=permissions.casework_ids(actor),
        case__in=mine,
        status=CaseTask.Status.OPEN,
    ).count()
    caseload = reverse("casework:my_caseload")
    lines = []
    if counts["overdue"]:
        lines.append(
            Line(_("overdue for a face-to-face contact"), caseload, counts["overdue"], True)
        )
    if counts["due_soon"]:
        lines.append(Line(_("due for a contact this week"), caseload, counts["due_soon"]))
    if tasks:
        lines.append(Line(_("further action to consider"), caseload, tasks, True))
    lines.append(
        Line(
            ngettext("open case in your caseload", "open cases in your caseload", counts["open"]),
            caseload,
            counts["open"],
        )
    )
    return Panel(_("Your caseload"), order=10, lines=lines)


@register
def team_leader_panel(actor: Actor, today: datetime.date) -> Panel | None:
    """A team leader's teams: closures waiting, overdue across the team, tasks. Three queries."""
    if not permissions.leads_any_team(actor):
        return None
    summary = caseloads.team_summary(actor=actor, today=today)
    closures = sum(s.closures_waiting for s in summary)
    overdue = sum(s.overdue for s in summary)
    tasks = sum(s.tasks_open for s in summary)
    team = reverse("casework:team_caseload")
    lines = []
    if closures:
        lines.append(
            Line(
                "closure waiting for your decision"
                if closures == 1
                else "closures waiting for your decision",
                f"{team}?status=closure_waiting",
                closures,
                True,
            )
        )
    if overdue:
        lines.append(
            Line("overdue for contact across your team", f"{team}?status=overdue", overdue, True)
        )
    if tasks:
        lines.append(Line("further action to decide", f"{team}?status=task_open", tasks, True))
    return Panel(
        _("Your team"),
        order=20,
        lines=lines,
        empty=_("No closure is waiting, nobody is overdue and no task is open."),
    )
