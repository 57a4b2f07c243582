import importlib
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnerships import demo
from partnerships.reference_data import reference_data_load

BANNER = "SYNTHETIC DEMO DATA: every person and child here is invented."


class Command(BaseCommand):
    help = "Create the demo logins and a synthetic data set (never real people)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (never in production).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to seed demo data with DEBUG off. Use --force if you must."
            )
        password = os.environ.get("DEMO_PASSWORD") or settings.CWSP_DEMO_PASSWORD_DEFAULT
        reference_data_load()
        if demo.demo_already_seeded():
            self.stdout.write("Demo data already present; nothing added.")
        else:
            context = demo.DemoContext(today=timezone.localdate(), password=password)
            demo.seed(context)
            for module_name in demo.DEMO_SEEDERS:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                module.seed(context)
            self.stdout.write(self.style.SUCCESS(BANNER))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {password})")
        for username, _display, role, slug in demo.DEMO_LOGINS:
            where = slug or "Territory-wide"
            self.stdout.write(f"  {username:<24} {role.label:<26} {where}")
