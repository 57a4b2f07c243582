"""The first administrator of a new install, made through the product's own services."""

import getpass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.actors import system_actor
from partnerships.models import Role
from partnerships.services import membership_grant, user_create

ACTOR = "command:create_administrator"


class Command(BaseCommand):
    help = (
        "Create an administrator account (audited): a person with the administrator role, "
        "who then onboards communities and sets up the Oversight Group in the product. "
        "Prints a one-off link where they choose their password, or asks for the password "
        "with --password (typed twice, never on the command line)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--display-name", default="")
        parser.add_argument(
            "--password", action="store_true", help="Ask for the password now instead."
        )
        parser.add_argument(
            "--link-base",
            default="",
            help="The site's address for the link (default CWSP_SITE_URL).",
        )

    def handle(self, *args, **options):
        actor = system_actor(ACTOR)
        link_base = options["link_base"] or getattr(settings, "CWSP_SITE_URL", "")
        password = self._ask_password() if options["password"] else None
        try:
            with transaction.atomic():
                user, link = user_create(
                    actor=actor,
                    username=options["username"],
                    display_name=options["display_name"] or options["username"],
                    email=options["email"],
                    link_base=link_base,
                )
                if password is not None:
                    validate_password(password, user)
                    user.set_password(password)
                    user.save(update_fields=["password"])
                membership_grant(actor=actor, user=user, role=Role.ADMINISTRATOR)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created the administrator {user.username} (id {user.pk}).")
        if password is None:
            self.stdout.write(f"They choose their password here (the link works once): {link}")

    def _ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
