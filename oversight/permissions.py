"""Who may do what with the Oversight Group and its quarterly reports: named predicates.

The Oversight Group's pages are Territory-wide: they belong to no community, so a
signed-in person whose role has no part in them is refused (403), never "not found".
Predicates read the actor's active memberships (``partnerships.selectors``, read once per
request); the ``require_*`` helpers raise ``PermissionDenied`` with a message.

System actors pass what the product does by itself: ``may_manage_group`` (the demo seeder
and operators' commands build a group) and ``may_request_report`` (the daily schedule
requests each quarter's report). They read and download nothing: no page or download is
ever made for them. A ``None`` actor passes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.actors import Actor, is_system
from partnerships.models import Role
from partnerships.selectors import has_role, is_administrator, is_oversight


def may_read_oversight(actor: Actor) -> bool:
    """The group's composition and rules, the reports and their requests."""
    return is_oversight(actor) or is_administrator(actor)


def may_manage_group(actor: Actor) -> bool:
    """Add, change and end members, set co-chairs, constitute the group."""
    return is_system(actor) or is_administrator(actor) or has_role(actor, Role.OVERSIGHT_COCHAIR)


def may_create_group(actor: Actor) -> bool:
    """Create the Oversight Group of a new install: administrators and operators' commands.

    Co-chairs manage a group once it exists, so they are not asked to create it.
    """
    return is_system(actor) or is_administrator(actor)


def may_request_report(actor: Actor) -> bool:
    """Ask for a quarter's report to be generated (in the background)."""
    return is_system(actor) or may_read_oversight(actor)


def may_download_report(actor: Actor) -> bool:
    """Download a generated report's PDF (each download is audited)."""
    return may_read_oversight(actor)


def require_read_oversight(actor: Actor) -> None:
    if not may_read_oversight(actor):
        raise PermissionDenied(
            _("The Oversight Group's pages are for its members, its co-chairs and administrators.")
        )


def require_manage_group(actor: Actor) -> None:
    if not may_manage_group(actor):
        raise PermissionDenied(_("Only an administrator or a co-chair can change the group."))


def require_create_group(actor: Actor) -> None:
    if not may_create_group(actor):
        raise PermissionDenied(_("Only an administrator creates the Oversight Group."))


def require_request_report(actor: Actor) -> None:
    if not may_request_report(actor):
        raise PermissionDenied(_("Only the Oversight Group and administrators request reports."))


def require_download_report(actor: Actor) -> None:
    if not may_download_report(actor):
        raise PermissionDenied(
            _("Quarterly reports are downloaded by the Oversight Group and administrators.")
        )
