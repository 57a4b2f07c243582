"""The records import through the API: the same form checks, service and report as the
administrator's page (``casework.imports``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import error_body, error_responses

from .. import imports
from ..imports.forms import RecordsImportForm
from ..permissions import require_import_records


def report_body(report: imports.ImportReport) -> dict[str, Any]:
    return {
        "dry_run": report.dry_run,
        "committed": report.committed,
        "files": [
            {"file": f"{kind}.csv", "rows": rows, "new": new, "already_imported": unchanged}
            for kind, rows, new, unchanged in report.summary()
        ],
        "rejected": [
            {"file": r.file, "line": r.line, "column": r.column, "message": r.message}
            for r in report.rejected
        ],
    }


REPORT = inline_serializer(
    "ImportReport",
    {
        "dry_run": serializers.BooleanField(),
        "committed": serializers.BooleanField(),
        "files": serializers.ListField(child=serializers.DictField()),
        "rejected": serializers.ListField(child=serializers.DictField()),
    },
)


@extend_schema(
    summary="Import a community's records from CSV files",
    description=(
        "Multipart: `community` (id), any of the files `families`, `children`, `cases`, "
        "`contacts` (columns: docs/import.md), and `dry_run` (true: check only). All rows "
        "or none; rows already imported (same external_id) are left unchanged. 200 with "
        "the report when every row passes; 400 with the report's rejected rows (file, line, "
        "column, message) otherwise. For administrators; up to 2,000 rows a request."
    ),
    request={
        "multipart/form-data": inline_serializer(
            "ImportUpload",
            {
                "community": serializers.IntegerField(),
                "dry_run": serializers.BooleanField(required=False),
                **{kind: serializers.FileField(required=False) for kind in imports.FILES},
            },
        )
    },
    responses={200: REPORT, **error_responses(400, 401, 403, 429)},
)
class RecordsImportView(APIView):
    parser_classes = [MultiPartParser]

    def post(self, request: Request) -> Response:
        require_import_records(request.user)
        form = RecordsImportForm(request.data, request.FILES)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        data = form.cleaned_data
        report = imports.records_import(
            actor=request.user,
            community=data["community"],
            files=data["files"],
            dry_run=data["dry_run"],
            request=request,
        )
        if report.ok:
            return Response(report_body(report))
        return Response(
            error_body(
                detail=f"Nothing was imported: {len(report.rejected)} problem(s) found.",
                code="invalid",
                **report_body(report),
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
