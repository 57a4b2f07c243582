from django.core.management.base import BaseCommand

from partnerships.reference_data import reference_data_load


class Command(BaseCommand):
    help = "Load the six NT regions and the 24 MACCST communities (safe to run again)."

    def handle(self, *args, **options):
        regions, communities = reference_data_load()
        self.stdout.write(f"Reference data: {regions} regions, {communities} communities.")
