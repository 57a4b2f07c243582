"""Who may read the audit log: administrators (and superusers), nobody else.

The log is a Territory-wide area: a signed-in person without the administrator role
gets 403 there, like any other area they hold no role in.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.actors import Actor
from partnerships.permissions import is_administrator


def may_search_audit_log(actor: Actor | None) -> bool:
    return is_administrator(actor)


def require_audit_reader(actor: Actor | None) -> None:
    if not may_search_audit_log(actor):
        raise PermissionDenied(_("Only administrators read the audit log."))
