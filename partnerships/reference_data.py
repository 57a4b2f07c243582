"""The six NT regions and the 24 MACCST communities named in the Framework."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Community, Partnership, Region

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "nt_communities.json"


@transaction.atomic
def reference_data_load(path: Path = FIXTURE) -> tuple[int, int]:
    """Create or update the regions and communities, each with its Partnership. Idempotent."""
    data = json.loads(path.read_text())
    regions = {}
    for row in data["regions"]:
        region, _ = Region.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"]}
        )
        regions[row["slug"]] = region
    for row in data["communities"]:
        community, _ = Community.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "alternative_names": row["alternative_names"],
                "region": regions[row["region"]],
                "runs_maccst": True,
            },
        )
        Partnership.objects.get_or_create(
            community=community,
            defaults={"name": f"{community.name} Child Wellbeing and Safety Partnership"},
        )
    return len(data["regions"]), len(data["communities"])
