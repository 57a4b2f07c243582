"""Downloads of a team's caseload and of a case's contacts (CSV, streamed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from .. import exports, permissions
from .common import requires


@requires(permissions.require_export_team_caseload)
@require_GET
def team_caseload_export(request: HttpRequest) -> StreamingHttpResponse:
    """The team caseload with the page's filters, every page of it."""
    export = exports.team_caseload_export(
        actor=request.user, filters=exports.team_filters(request.GET), request=request
    )
    return exports.csv_response(export)


@login_required
@require_GET
def case_contacts_export(request: HttpRequest, case_id: int) -> StreamingHttpResponse:
    export = exports.case_contacts_export(actor=request.user, case_id=case_id, request=request)
    return exports.csv_response(export)
