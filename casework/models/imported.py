"""What a record brought in from a legacy system keeps of where it came from.

Each imported kind (child, household, case, contact) has an ``external_id``: the legacy
system's id, unique within a community, empty for a record made in this product. An
import finds a record again by it, so running the same files twice changes nothing
(``casework.imports``).
"""

from django.db import models
from django.db.models import Q

EXTERNAL_ID_MAX_LENGTH = 64


def external_id_field() -> models.CharField:
    return models.CharField(
        max_length=EXTERNAL_ID_MAX_LENGTH,
        blank=True,
        default="",
        # Rows written without the ORM (COPY in the load generator, raw SQL) are not imported.
        db_default="",
        editable=False,
        help_text="The id of this record in the system it was imported from.",
    )


def external_id_unique(name: str) -> models.UniqueConstraint:
    # Per community: another community's legacy ids are invisible under the fence, so a
    # Territory-wide uniqueness would surface as an error naming the other community's data.
    return models.UniqueConstraint(
        fields=["community", "external_id"],
        condition=~Q(external_id=""),
        name=name,
        violation_error_message="A record with this external id is already in the community.",
    )
