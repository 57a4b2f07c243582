import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.actors import system_actor
from partnerships.models import Region
from partnerships.services import community_onboard

EXAMPLE = """{
  "name": "Robinson River", "alternative_names": ["Mungoorbada"], "region": "barkly",
  "requested_by": "Elders and the local ACCO", "requested_on": "2026-10-01",
  "members": [{"organisation": "Local ACCO", "organisation_kind": "acco", "role": "Co-lead"},
              {"person_name": "Elder E.", "role": "Community leader",
               "is_community_leader": true, "is_aboriginal": true}],
  "staff": [{"username": "p.robinson", "display_name": "P. Worker",
             "email": "p@example.org", "role": "practitioner"}]
}"""


class Command(BaseCommand):
    help = (
        "Onboard a new community in one transaction (as the system), from a JSON file or "
        "arguments. Nothing is created if any part is wrong. Example file:\n" + EXAMPLE
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="JSON file describing the community (see help).")
        parser.add_argument("--name")
        parser.add_argument("--region", help="Region slug, e.g. top-end.")
        parser.add_argument("--alternative-name", action="append", default=[], dest="alt")
        parser.add_argument("--requested-by")
        parser.add_argument("--requested-on", help="YYYY-MM-DD")
        parser.add_argument(
            "--staff",
            action="append",
            default=[],
            help="username:email:role[:display name] (repeatable).",
        )
        parser.add_argument("--no-case-records", action="store_true")
        parser.add_argument("--link-base", default="", help="Site address for password links.")

    def handle(self, *args, **options):
        spec = self._spec(options)
        try:
            region = Region.objects.get(slug=spec.get("region", ""))
        except Region.DoesNotExist:
            raise CommandError(f"No region {spec.get('region')!r}.") from None
        try:
            requested_on = datetime.date.fromisoformat(str(spec.get("requested_on", "")))
        except ValueError:
            raise CommandError("requested_on must be a date (YYYY-MM-DD).") from None
        established = spec.get("established_on")
        try:
            result = community_onboard(
                actor=system_actor("command:onboard_community"),
                name=spec.get("name", ""),
                slug=spec.get("slug", ""),
                alternative_names=spec.get("alternative_names", []),
                region=region,
                runs_maccst=bool(spec.get("runs_maccst", False)),
                requested_by=spec.get("requested_by", ""),
                requested_on=requested_on,
                partnership_name=spec.get("partnership_name", ""),
                partnership_status=spec.get("partnership_status", "proposed"),
                established_on=datetime.date.fromisoformat(established) if established else None,
                keeps_case_records=bool(spec.get("keeps_case_records", True)),
                members=spec.get("members", []),
                staff=spec.get("staff", []),
                link_base=options["link_base"],
            )
        except ValidationError as error:
            raise CommandError("Nothing was created: " + " ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Onboarded {result.community.name}."))
        for item in result.staff:
            role = item.membership.get_role_display()
            self.stdout.write(f"  {item.user.username} ({role}): {item.password_link}")

    def _spec(self, options) -> dict:
        if options["file"]:
            try:
                spec = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as error:
                raise CommandError(f"Cannot read {options['file']}: {error}") from None
            if not isinstance(spec, dict):
                raise CommandError("The file must hold one JSON object.")
            return spec
        staff = []
        for item in options["staff"]:
            parts = item.split(":", 3)
            if len(parts) < 3:
                raise CommandError(f"--staff {item!r}: use username:email:role[:display name].")
            staff.append(
                {
                    "username": parts[0],
                    "email": parts[1],
                    "role": parts[2],
                    "display_name": parts[3] if len(parts) > 3 else "",
                }
            )
        return {
            "name": options["name"] or "",
            "region": options["region"] or "",
            "alternative_names": options["alt"],
            "requested_by": options["requested_by"] or "",
            "requested_on": options["requested_on"] or "",
            "keeps_case_records": not options["no_case_records"],
            "staff": staff,
        }
