"""The exports through the API: the same selectors, predicates, audit and stream as the
pages (``casework.exports``)."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from core.errors import error_responses

from .. import caseloads, exports


class CSVRenderer(BaseRenderer):
    """Lets a client ask for ``Accept: text/csv``; the file itself is streamed past DRF's
    rendering, so only an error body (JSON, in the API's one shape) is rendered here."""

    media_type = "text/csv"
    format = "csv"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)


CSV = OpenApiResponse(
    response=OpenApiTypes.STR,
    description="CSV (UTF-8 with a byte-order mark), streamed. Cells that a spreadsheet "
    "would run as a formula begin with an apostrophe.",
)


@extend_schema(
    summary="Export your team's caseload as CSV",
    description=(
        "The cases of the communities where you lead a team, with the team caseload "
        "page's filters and order, every page of it. For team leaders; audited with the "
        "ids of every case exported. Columns: " + ", ".join(exports.CASELOAD_COLUMNS) + "."
    ),
    parameters=[
        OpenApiParameter("team", OpenApiTypes.STR, enum=list(caseloads.TEAM_SCOPES)),
        OpenApiParameter("status", OpenApiTypes.STR, enum=list(caseloads.TEAM_STATUS_FILTERS)),
        OpenApiParameter("practitioner", OpenApiTypes.INT),
        OpenApiParameter("kind", OpenApiTypes.STR),
        OpenApiParameter("risk_level", OpenApiTypes.STR),
        OpenApiParameter("sort", OpenApiTypes.STR, enum=list(caseloads.TEAM_SORTS)),
    ],
    # 404 as well: DRF answers it to a ``format`` it cannot render.
    responses={(200, "text/csv"): CSV, **error_responses(401, 403, 404, 429)},
)
class TeamCaseloadExportView(APIView):
    renderer_classes = [JSONRenderer, CSVRenderer]

    def get(self, request: Request) -> StreamingHttpResponse:
        export = exports.team_caseload_export(
            actor=request.user,
            filters=exports.team_filters(request.query_params),
            request=request,
            what="api_team_caseload_csv",
        )
        return exports.csv_response(export)


@extend_schema(
    summary="Export a case's contacts as CSV",
    description=(
        "Every contact of the case, oldest first, as each reads after its corrections. "
        "For a team leader of the case's community; audited with the ids exported. "
        "Columns: " + ", ".join(exports.CONTACT_COLUMNS) + "."
    ),
    responses={(200, "text/csv"): CSV, **error_responses(401, 403, 404, 429)},
)
class CaseContactsExportView(APIView):
    renderer_classes = [JSONRenderer, CSVRenderer]

    def get(self, request: Request, pk: int) -> StreamingHttpResponse:
        export = exports.case_contacts_export(
            actor=request.user, case_id=pk, request=request, what="api_case_contacts_csv"
        )
        return exports.csv_response(export)
