"""Who acts when no person does: beat jobs, operators' commands, the demo seeder.

No service accepts ``actor=None``. A caller that is not a signed-in person passes a
``SystemActor`` naming what it is; the audit log records that name, so an entry made by
the product itself is never mistaken for one made by nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class SystemActor:
    """The product acting for itself. ``name`` says which part: ``"command:onboard_community"``."""

    name: str
    is_authenticated: bool = False
    is_active: bool = True
    is_superuser: bool = False
    is_staff: bool = False
    pk: None = None
    id: None = None

    @property
    def is_system(self) -> bool:
        return True

    def __str__(self) -> str:
        return f"system ({self.name})"


# What every service's ``actor`` argument is: a person or the product itself.
Actor = Union["User", SystemActor]


def system_actor(name: str) -> SystemActor:
    if not name:
        raise ValueError("A system actor names the job, command or seeder acting.")
    return SystemActor(name=name)


def is_system(actor: object) -> bool:
    return isinstance(actor, SystemActor)


def person(actor: Actor | None) -> User | None:
    """The person behind ``actor`` for an "entered by" field; None when the product acted."""
    if actor is None or isinstance(actor, SystemActor):
        return None
    return actor
