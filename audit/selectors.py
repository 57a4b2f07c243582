"""Reads of the audit log, for administrators only."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from core.actors import Actor

from .models import AuditEvent
from .permissions import require_audit_reader


def audit_events_search(
    *,
    actor: Actor,
    user: str = "",
    child_id: int | None = None,
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events matching the filters, newest first. ``user`` is a username or a user id.

    Anyone but an administrator is refused (403).
    """
    require_audit_reader(actor)
    events = AuditEvent.objects.select_related("actor")
    if user:
        user = user.strip()
        if user.isdigit():
            events = events.filter(actor_id=int(user))
        else:
            user_ids = get_user_model().objects.filter(username=user).values("pk")
            events = events.filter(actor_id__in=user_ids)
    if child_id is not None:
        events = events.filter(child_id=child_id)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    return events.order_by("-occurred_at", "-id")
