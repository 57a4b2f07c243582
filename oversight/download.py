from django.http import HttpResponse

from .models import QuarterlyReport


def pdf_response(report: QuarterlyReport) -> HttpResponse:
    """The stored PDF as an attachment. Reports are small, so read whole and close at once."""
    with report.file.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
