"""Adding a child with the check against children already recorded: the page and the API
both come here, so neither can add a likely duplicate without saying it is another child."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from core.actors import Actor
from partnerships.models import Community

from .. import search
from ..models import Child
from ..permissions import require_work_cases_in
from .children import child_create

DUPLICATE_MESSAGE = (
    "A child like this one is already recorded. Open their record, or confirm that this is "
    "a different child."
)


class LikelyDuplicates(ValidationError):
    """Refused until the person confirms a different child; ``children`` are the matches."""

    def __init__(self, children: list[Child]):
        super().__init__({"not_a_duplicate": [DUPLICATE_MESSAGE]})
        self.children = children


def child_register(
    *, actor: Actor, community: Community, not_a_duplicate: bool = False, **fields: Any
) -> Child:
    """``child_create`` once no likely duplicate stands in the way.

    The matches come from the actor's own communities only (``search.likely_duplicates``);
    ``not_a_duplicate`` says the person looked at them and this is another child.
    """
    # The role first: a refusal must not tell an outsider which children exist.
    require_work_cases_in(actor, community.pk)
    if not not_a_duplicate and fields.get("date_of_birth"):
        duplicates = search.likely_duplicates(
            actor=actor,
            given_name=fields.get("given_name", ""),
            family_name=fields.get("family_name", ""),
            date_of_birth=fields["date_of_birth"],
        )
        if duplicates:
            raise LikelyDuplicates(duplicates)
    return child_create(actor=actor, community=community, **fields)
