from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.actors import system_actor
from oversight.services import DEFAULT_GROUP_NAME, oversight_group_create


class Command(BaseCommand):
    help = (
        "Create the Oversight Group of a new install (audited, as the system). Refused when "
        "there is one already. Its members are then added on the group's page or the API."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", default=DEFAULT_GROUP_NAME)

    def handle(self, *args, **options):
        try:
            group = oversight_group_create(
                actor=system_actor("command:create_oversight_group"), name=options["name"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created the Oversight Group {group.name!r} (id {group.pk}).")
        self.stdout.write(
            "Next: an administrator adds its members at /oversight/group/ and marks it "
            "constituted once at least half are ACCOs and it has its two co-chairs."
        )
