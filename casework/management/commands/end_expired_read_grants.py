"""``manage.py end_expired_read_grants``: end the read grants that ran out (embedded mode's
stand-in for the ``read-grants-expire`` beat job)."""

from django.core.management.base import BaseCommand

from core.actors import system_actor

from ...services.grants import read_grants_end_expired


class Command(BaseCommand):
    help = "End read grants (after a transfer, emergency access) that ran out."

    def handle(self, *args, **options) -> None:
        ended = read_grants_end_expired(actor=system_actor("read-grant expiry"))
        self.stdout.write(f"Ended {ended} read grant(s).")
