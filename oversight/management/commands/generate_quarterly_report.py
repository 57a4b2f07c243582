from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from oversight import services
from oversight.models import ReportRequest
from oversight.quarters import Quarter


class Command(BaseCommand):
    help = "Generate a quarter's report now (a new version), e.g. --quarter 2026-27Q2."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="Like 2026-27Q2 or '2026-27 Q2'.")

    def handle(self, *args, quarter: str, **options):
        try:
            label = Quarter.parse(quarter).label
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        # The same request row and job body as the background path, run synchronously.
        request = ReportRequest.objects.create(quarter=label)
        report = services.report_request_run(request_id=request.pk, worker="manage.py")
        request.refresh_from_db()
        if report is None:
            raise CommandError(request.error_message or "The report was not generated.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.quarter} version {report.version}: {report.file.name} "
                f"({report.page_count} pages, sha256 {report.sha256})"
            )
        )
