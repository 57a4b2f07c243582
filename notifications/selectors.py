"""Reads of notifications: a person only ever sees their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from core.actors import Actor, person

from .models import Notification, NotificationPreference
from .permissions import may_have_notifications, require_have_notifications


def notifications_for(*, actor: Actor) -> QuerySet[Notification]:
    """The actor's notifications, newest first (the fence limits them to their communities)."""
    if not may_have_notifications(actor):
        return Notification.objects.none()
    return Notification.objects.filter(user=person(actor)).order_by("-created_at", "-id")


def notification_get(*, actor: Actor, pk: int) -> Notification:
    """One of the actor's notifications; anyone else's answers 404."""
    return get_object_or_404(notifications_for(actor=actor), pk=pk)


def unread_count_for(*, actor: Actor) -> int:
    return notifications_for(actor=actor).filter(read_at__isnull=True).count()


def preference_for(*, actor: Actor) -> NotificationPreference:
    """The actor's preference, unsaved default when they never chose."""
    require_have_notifications(actor)
    return NotificationPreference.objects.filter(
        user=person(actor)
    ).first() or NotificationPreference(user=person(actor))
