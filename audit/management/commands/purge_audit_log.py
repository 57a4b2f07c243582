from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_purge_older_than


class Command(BaseCommand):
    help = "Delete audit events older than the retention period (CWSP_AUDIT_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: the CWSP_AUDIT_RETENTION_DAYS setting).",
        )

    def handle(self, *args, days=None, **options):
        retention = days if days is not None else settings.CWSP_AUDIT_RETENTION_DAYS
        try:
            deleted = audit_purge_older_than(retention_days=retention)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Deleted {deleted} audit events older than {retention} days.")
