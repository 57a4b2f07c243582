"""A practitioner's own caseload and a team leader's team caseload."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from audit.services import audit_list_read

from .. import caseloads, permissions, selectors
from ..models import Case, RiskLevel
from .common import requires

TEAM_CASELOAD_PAGE_SIZE = 50


@requires(permissions.require_read_casework)
def my_caseload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    cases = selectors.with_status_now(caseloads.my_caseload(actor=request.user, today=today), today)
    audit_list_read(
        actor=request.user,
        what="my_caseload",
        shown=[(case.child_id, case.community_id) for case in cases],
        request=request,
    )
    return render(request, "casework/my_caseload.html", {"cases": cases, "today": today})


def _practitioner_id(value: str | None) -> int | None:
    try:
        return int(value or 0) or None
    except ValueError:
        return None


@requires(permissions.require_leads_any_team)
def team_caseload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    params = request.GET
    team = params.get("team", "mine")
    if team not in caseloads.TEAM_SCOPES:
        team = "mine"
    current = {
        "team": team,
        "status": params.get("status", ""),
        "practitioner": _practitioner_id(params.get("practitioner")),
        "kind": params.get("kind", ""),
        "risk_level": params.get("risk_level", ""),
        "sort": params.get("sort", "urgency"),
    }
    # A large community's team leader sees thousands of open cases: rendering them all
    # made the page take seconds. Filters and the summary table narrow the list; pages
    # keep each response small.
    page = Paginator(
        caseloads.team_caseload(
            actor=request.user,
            today=today,
            team=team,
            status=current["status"],
            practitioner_id=current["practitioner"],
            kind=current["kind"],
            risk_level=current["risk_level"],
            sort=current["sort"],
        ),
        TEAM_CASELOAD_PAGE_SIZE,
    ).get_page(params.get("page"))
    cases = selectors.with_status_now(page.object_list, today)
    audit_list_read(
        actor=request.user,
        what="team_caseload",
        shown=[(case.child_id, case.community_id) for case in cases],
        request=request,
    )
    filters = params.copy()
    filters.pop("page", None)
    return render(
        request,
        "casework/team_caseload.html",
        {
            "cases": cases,
            "page": page,
            "filters": filters.urlencode(),
            "summary": caseloads.team_summary(actor=request.user, today=today, team=team),
            "practitioners": caseloads.team_practitioners(actor=request.user, team=team),
            "team": team,
            # Links in the summary keep the wider team scope when it is chosen.
            "team_query": "team=all&" if team == "all" else "",
            "team_scopes": caseloads.TEAM_SCOPES,
            "status_filters": caseloads.TEAM_STATUS_FILTERS,
            "sorts": caseloads.TEAM_SORT_LABELS,
            "kinds": Case.Kind.choices,
            "risk_levels": RiskLevel.choices,
            "current": current,
            "today": today,
        },
    )
