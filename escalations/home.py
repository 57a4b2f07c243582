"""The coordinators' home panel: open escalations awaiting a response."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.home import Line, Panel, register
from core.actors import Actor

from . import permissions, selectors
from .models import Escalation

AWAITING = [Escalation.Status.RAISED, Escalation.Status.ACKNOWLEDGED, Escalation.Status.IN_PROGRESS]


@register
def coordinator_panel(actor: Actor, today: datetime.date) -> Panel | None:
    """Open escalations with no answer yet, and those overdue for acknowledgement. One query."""
    if not permissions.may_escalate(actor):
        return None
    ack_period = datetime.timedelta(days=settings.CWSP_ESCALATION_ACK_DAYS)
    awaiting = selectors.escalations_for(actor=actor).filter(status__in=AWAITING)
    counts = awaiting.order_by().aggregate(
        open=Count("id", distinct=True),
        unanswered=Count("id", filter=Q(responses__isnull=True), distinct=True),
        # As Escalation.is_overdue: still only raised after the acknowledgement period.
        overdue=Count(
            "id",
            filter=Q(status=Escalation.Status.RAISED, raised_on__lt=today - ack_period),
            distinct=True,
        ),
    )
    overdue = counts["overdue"]
    url = reverse("escalations:escalation_list")
    lines = []
    if counts["unanswered"]:
        lines.append(Line("open escalations with no response yet", url, counts["unanswered"], True))
    if overdue:
        lines.append(Line("overdue for acknowledgement", url, overdue, True))
    lines.append(Line("open escalations in all", url, counts["open"]))
    return Panel(_("Escalations"), order=30, lines=lines)
