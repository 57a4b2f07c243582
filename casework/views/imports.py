"""The administrator's import page and the template files it offers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.errors import apply_service_errors

from .. import imports, permissions
from ..imports.forms import RecordsImportForm
from .common import FORM_METHODS, requires


@requires(permissions.require_import_records)
@FORM_METHODS
def records_import(request: HttpRequest) -> HttpResponse:
    """Check (dry run) or import the files; the report lists every rejected row."""
    if request.method == "POST":
        form = RecordsImportForm(request.POST, request.FILES)
    else:
        form = RecordsImportForm()
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = imports.records_import(
                actor=request.user,
                community=data["community"],
                files=data["files"],
                dry_run=data["dry_run"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
    return render(
        request,
        "casework/records_import.html",
        {"form": form, "report": report, "files": list(imports.FILES.items())},
    )


@requires(permissions.require_import_records)
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in imports.FILES:
        raise Http404("No such template.")
    response = HttpResponse(imports.template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    return response
