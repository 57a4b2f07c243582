"""Operators: send today's contact reminders now (the morning beat job does the same)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.services import contact_reminders_send


class Command(BaseCommand):
    help = (
        "Send the six-week contact reminders due today (Australia/Darwin). Safe to run "
        "more than once: a reminder already sent is never sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; send and record nothing.",
        )
        parser.add_argument(
            "--date",
            help="Run as if today were this day (YYYY-MM-DD). Default: today in Darwin.",
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD, e.g. 2026-11-23.") from exc
        summary = contact_reminders_send(today=today, dry_run=dry_run)
        if dry_run:
            for item in summary.planned:
                self.stdout.write(
                    f"would send: user #{item.recipient_id} {item.threshold}: {item.message}"
                )
            self.stdout.write(
                f"Dry run for {today}: {len(summary.planned)} reminder(s) would be sent "
                f"for {summary.cases_due} case(s) in {summary.communities} communities."
            )
            return
        self.stdout.write(
            f"Reminders for {today}: {summary.sent} sent ({summary.emails} single emails, "
            f"{summary.digests} digests), {summary.cancelled} cancelled, "
            f"{summary.cases_due} case(s) due in {summary.communities} communities."
        )
