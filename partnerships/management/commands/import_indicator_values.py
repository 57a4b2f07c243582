from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.actors import system_actor
from partnerships.models import Partnership
from partnerships.services import indicator_values_import


class Command(BaseCommand):
    help = (
        "Import indicator values for one community's partnership from a CSV file "
        "(columns: indicator, period_end, value, source). All rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("community", help="Community slug, e.g. wadeye.")
        parser.add_argument("csv_file")

    def handle(self, *args, community: str, csv_file: str, **options):
        try:
            partnership = Partnership.objects.select_related("community").get(
                community__slug=community
            )
        except Partnership.DoesNotExist:
            raise CommandError(f"No partnership for community {community!r}.") from None
        try:
            text = Path(csv_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {csv_file}: {error}") from None
        report = indicator_values_import(
            actor=system_actor("command:import_indicator_values"),
            partnership=partnership,
            csv_text=text,
        )
        if not report.ok:
            for line, problem in report.rejected:
                self.stderr.write(f"line {line}: {problem}")
            raise CommandError(
                f"Nothing imported: {len(report.rejected)} of {report.rows} rows rejected."
            )
        self.stdout.write(self.style.SUCCESS(f"Imported {report.imported} values."))
