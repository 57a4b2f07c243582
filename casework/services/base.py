"""What every casework service shares: one transaction in the record's own community, the
audit event, model validation and the closed-case check."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, Final, ParamSpec, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.actors import Actor
from partnerships.fence import community_scope
from partnerships.models import Community

from ..models import Case
from ..permissions import require_actor

P = ParamSpec("P")
R = TypeVar("R")


class Unset:
    """The value of an update's keyword that was not given.

    ``None`` cannot say "leave it": for some fields it is a value (no team leader, no
    return visit), so partial updates default to ``UNSET`` instead.
    """

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = Unset()


def given(**values: Any) -> dict[str, Any]:
    """The keywords an update was given, by name (those left ``UNSET`` dropped)."""
    return {name: value for name, value in values.items() if not isinstance(value, Unset)}


def in_community_of(argument: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run the service in one transaction, inside the fence of the record it works on.

    ``argument`` names the keyword holding that record (``"case"``, ``"contact"`` ...), or
    the ``Community`` itself for a service that creates a community's first record. The
    community comes from the record, never from input, so the service's own reads are
    fenced to it whether it is called from a page, the API or the demo seeder. A service
    never runs without an actor (a job passes a system actor); each service then checks
    its permission first thing.
    """

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        parameters = inspect.signature(service).parameters
        for name in ("actor", argument):
            if parameters.get(name, None) is None or (
                parameters[name].kind is not inspect.Parameter.KEYWORD_ONLY
            ):
                raise TypeError(f"{service.__name__} has no keyword-only argument {name!r}.")

        @functools.wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            actor: Any = kwargs.get("actor")
            require_actor(actor)
            record: Any = kwargs.get(argument)
            if record is None:
                raise TypeError(f"{service.__name__} needs the {argument} it works on.")
            community_id = record.pk if isinstance(record, Community) else record.community_id
            with transaction.atomic(), community_scope([community_id]):
                return service(*args, **kwargs)

        return wrapper

    return decorate


def audit(
    actor: Actor,
    action: str,
    obj: Any,
    *,
    child_id: int | None,
    detail: dict[str, Any] | None = None,
) -> None:
    """One audit event for a casework record: ids and field names, never what they say."""
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        child_id=child_id,
        community_id=obj.community_id,
        detail=detail or {},
    )


def clean(obj: models.Model) -> None:
    """Model validation (choices, constraints) before saving, as a form would."""
    obj.full_clean(validate_unique=False)


def require_open(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed: reopen it before recording more work."))
