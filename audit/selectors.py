"""Reads of the audit log, for administrators only."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from partnerships.selectors import is_administrator

from .models import AuditEvent


def audit_events_search(
    *,
    actor,
    user: str = "",
    child_id: int | None = None,
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events matching the filters, newest first. ``user`` is a username or a user id.

    Anyone but an administrator gets 404: the log's existence is not theirs to probe.
    """
    if not is_administrator(actor):
        raise Http404("No such page.")
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
