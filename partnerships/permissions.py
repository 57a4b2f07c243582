"""Who may do what with partnership and access data: named predicates, one home.

Pages, the API's permission classes and the services all ask these. Each predicate is a
pure function of the actor (and the community) returning a bool; the ``require_*``
helpers raise ``PermissionDenied`` (403) with a message a person can read.

Where the answer comes from: the actor's active memberships, read once per request
(``partnerships.access.active_memberships``). Membership is the source of who works
where; guardian's object permissions on Community mirror it and are changed in the same
transaction (``partnerships.services.access``). Reading memberships, not the mirror,
keeps one query per request however many predicates a page asks, and makes a membership
whose end date has passed count as no access on that very day (docs/decisions/0005).

404 or 403: a record outside the actor's communities is 404 (the selectors never find
it); inside, a role that may not do something is 403. ``None`` is never an actor: every
predicate answers False for it, so a service called with ``actor=None`` is refused.

System actors (``core.actors.system_actor``: seeding, operators' commands, beat jobs)
pass ``may_manage_access`` and ``may_edit_governance`` — the product onboards
communities, grants access and records governance for itself — and nothing that is
about a person working somewhere (``works_in``, ``may_read_partnership``,
``is_administrator``, ``is_oversight``, ``has_role``).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.actors import Actor, is_system

from .access import community_ids_for_roles, roles_for
from .models import COMMUNITY_ROLES, OVERSIGHT_ROLES, Community, Role

# The guardian permissions on the Community row that each community role grants.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.PRACTITIONER: frozenset({"work_in_community", "work_casework"}),
    Role.TEAM_LEADER: frozenset({"work_in_community", "work_casework", "lead_team"}),
    Role.COORDINATOR: frozenset({"work_in_community", "coordinate_partnership"}),
}
ALL_COMMUNITY_PERMISSIONS: frozenset[str] = frozenset().union(*ROLE_PERMISSIONS.values())


def _is_person(actor: Actor | None) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and not is_system(actor)


def has_role(actor: Actor | None, *roles: str) -> bool:
    """The person holds one of ``roles`` today, anywhere."""
    return _is_person(actor) and bool(roles_for(actor) & set(roles))


def is_administrator(actor: Actor | None) -> bool:
    """A person who administers the product: a superuser or the administrator role."""
    return _is_person(actor) and (
        bool(getattr(actor, "is_superuser", False)) or has_role(actor, Role.ADMINISTRATOR)
    )


def is_oversight(actor: Actor | None) -> bool:
    """A member or co-chair of the Oversight Group (aggregate figures only)."""
    return has_role(actor, *OVERSIGHT_ROLES)


def works_in(
    actor: Actor | None, community_id: int | None, roles: Iterable[str] = COMMUNITY_ROLES
) -> bool:
    """The person has an active membership in that community in one of ``roles``."""
    if community_id is None or not _is_person(actor):
        return False
    return int(community_id) in community_ids_for_roles(actor, roles)


def may_read_partnership(actor: Actor | None, community: Community) -> bool:
    """Everyone working in the community reads its Partnership and governance."""
    return works_in(actor, community.pk)


def may_edit_governance(actor: Actor | None, community: Community) -> bool:
    """The community's coordinators, administrators and the product itself."""
    return (
        is_system(actor)
        or is_administrator(actor)
        or works_in(actor, community.pk, roles={Role.COORDINATOR})
    )


def may_manage_access(actor: Actor | None) -> bool:
    """Onboarding communities, granting and ending access, managing people's accounts."""
    return is_system(actor) or is_administrator(actor)


def may_switch_case_records(actor: Actor | None) -> bool:
    """Whether a partnership keeps case records hides or shows every child's record in the
    community: administrators (and the product itself) only, not its coordinators."""
    return is_system(actor) or is_administrator(actor)


def require_case_records_switcher(actor: Actor | None) -> None:
    if not may_switch_case_records(actor):
        raise PermissionDenied(
            _("Only an administrator turns a partnership's case records on or off.")
        )


def require_governance_editor(actor: Actor | None, community: Community) -> None:
    if not may_edit_governance(actor, community):
        raise PermissionDenied(_("Only the Partnership's coordinators change its governance."))


def require_access_manager(actor: Actor | None) -> None:
    if not may_manage_access(actor):
        raise PermissionDenied(_("Only an administrator can change who has access."))


def may_change_partnership_status(actor: Actor | None) -> bool:
    """Moving a Partnership through proposed, establishing, active and paused.

    Administrators onboard communities, so they (and the product itself) decide when a
    Partnership starts, runs or pauses; its coordinators run it but do not change that.
    """
    return is_system(actor) or is_administrator(actor)


def require_status_changer(actor: Actor | None) -> None:
    if not may_change_partnership_status(actor):
        raise PermissionDenied(_("Only an administrator changes a Partnership's status."))
