"""Who may do what with notifications: a person only ever sees and changes their own.

System actors pass none of these: the reminder job writes notifications for people
(``services.contact_reminders_send`` acts for the product and takes no actor), but no
system actor reads, marks or chooses anything here. A ``None`` actor passes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.actors import Actor, is_system

from .models import Notification


def may_have_notifications(actor: Actor) -> bool:
    """A signed-in, active person: their list, their unread count, their email preference."""
    return (
        not is_system(actor)
        and bool(getattr(actor, "is_authenticated", False))
        and bool(getattr(actor, "is_active", False))
    )


def may_change_notification(actor: Actor, notification: Notification) -> bool:
    """Mark it read: only its own user."""
    return may_have_notifications(actor) and notification.user_id == actor.pk


def require_have_notifications(actor: Actor) -> None:
    if not may_have_notifications(actor):
        raise PermissionDenied(_("Notifications belong to a signed-in person."))


def require_change_notification(actor: Actor, notification: Notification) -> None:
    if not may_change_notification(actor, notification):
        raise PermissionDenied(_("A notification is only ever its own user's."))
