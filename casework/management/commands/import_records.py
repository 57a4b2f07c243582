"""``manage.py import_records wadeye --children children.csv --cases cases.csv [--dry-run]``."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casework.imports import FILES, records_import
from core.actors import system_actor
from partnerships.models import Community


class Command(BaseCommand):
    help = (
        "Import children, households, cases and contacts into one community from CSV files "
        "that follow docs/import.md. All rows or none; --dry-run checks without writing. "
        "Rows already imported (same external_id) are left unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("community", help="Community slug, e.g. wadeye.")
        for kind in FILES:
            parser.add_argument(f"--{kind}", metavar="CSV", help=f"The {kind}.csv file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row; write nothing."
        )

    def handle(self, *args, community: str, dry_run: bool, **options):
        target = Community.objects.filter(slug=community).first()
        if target is None:
            raise CommandError(f"No community {community!r}.")
        files = {}
        for kind in FILES:
            if options.get(kind):
                try:
                    files[kind] = Path(options[kind]).read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError) as error:
                    raise CommandError(f"Cannot read {options[kind]}: {error}") from None
        if not files:
            raise CommandError(
                "Give at least one file: --families, --children, --cases, --contacts."
            )
        try:
            report = records_import(
                actor=system_actor("command:import_records"),
                community=target,
                files=files,
                dry_run=dry_run,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for kind, rows, created, unchanged in report.summary():
            made = "would be new" if dry_run or not report.ok else "new"
            self.stdout.write(
                f"{kind}.csv: {rows} rows, {created} {made}, {unchanged} already imported"
            )
        if not report.ok:
            for rejection in report.rejected:
                column = f", column {rejection.column}" if rejection.column else ""
                self.stderr.write(
                    f"{rejection.file} line {rejection.line}{column}: {rejection.message}"
                )
            raise CommandError(f"Nothing imported: {len(report.rejected)} problem(s) found.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Dry run: every row passes. Nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS("Imported."))
