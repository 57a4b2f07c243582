"""Who may do what with accounts: named predicates (pages, API and services ask these)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.actors import Actor, is_system
from partnerships.permissions import may_manage_access

from .models import User


def may_manage_tokens_of(actor: Actor | None, user: User) -> bool:
    """A person lists and revokes their own API tokens; nobody else's."""
    return (
        bool(getattr(actor, "is_authenticated", False))
        and not is_system(actor)
        and getattr(actor, "pk", None) == user.pk
    )


def may_manage_second_factor_of(actor: Actor | None, user: User) -> bool:
    """Administrators (and the product's own commands) reset second factors and issue
    enrolment links; never for themselves, so one stolen session cannot re-enrol its owner."""
    if not may_manage_access(actor):
        return False
    return is_system(actor) or getattr(actor, "pk", None) != user.pk


def require_second_factor_manager(actor: Actor | None, user: User) -> None:
    if not may_manage_second_factor_of(actor, user):
        raise PermissionDenied(
            _(
                "Only an administrator can reset a second factor or issue an enrolment link, "
                "and not for their own account."
            )
        )
