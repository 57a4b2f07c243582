"""Reads of notifications: a person only ever sees their own."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Notification, NotificationPreference


def notifications_for(*, actor) -> QuerySet[Notification]:
    """The actor's notifications, newest first (the fence limits them to their communities)."""
    if not getattr(actor, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=actor).order_by("-created_at", "-id")


def notification_get(*, actor, pk: int) -> Notification:
    """One of the actor's notifications; anyone else's answers 404."""
    return get_object_or_404(notifications_for(actor=actor), pk=pk)


def unread_count_for(*, actor) -> int:
    return notifications_for(actor=actor).filter(read_at__isnull=True).count()


def preference_for(*, actor) -> NotificationPreference:
    """The actor's preference, unsaved default when they never chose."""
    return NotificationPreference.objects.filter(user=actor).first() or NotificationPreference(
        user=actor
    )
