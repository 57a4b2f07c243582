"""Aggregate, de-identified figures on themes, leaders' meetings and escalations.

Read across communities with the fence disabled; counts only, grouped by community id,
in a fixed number of queries whatever the number of communities.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django_scopes import scopes_disabled

from .models import Escalation, LeadersMeeting, Theme


def themes_identified_by_category(
    start: datetime.date, end: datetime.date
) -> dict[int, dict[str, int]]:
    """{community_id: {category: themes identified in the period}}. One query."""
    result: dict[int, dict[str, int]] = defaultdict(dict)
    with scopes_disabled():
        rows = (
            Theme.objects.filter(identified_on__range=(start, end))
            .values("community_id", "category")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            result[row["community_id"]][row["category"]] = row["n"]
    return dict(result)


def leaders_meetings_held(start: datetime.date, end: datetime.date) -> dict[int, int]:
    """{community_id: leaders' meetings held in the period}. One query."""
    with scopes_disabled():
        rows = (
            LeadersMeeting.objects.filter(held_on__range=(start, end))
            .values("community_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        return {row["community_id"]: row["n"] for row in rows}


def escalation_counts(
    start: datetime.date, end: datetime.date
) -> dict[int, dict[str, dict[str, int]]]:
    """{community_id: {level: {"raised", "acknowledged", "resolved"}}} in the period. One query.

    Raised, acknowledged and resolved count the events that happened in the period.
    """
    result: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    with scopes_disabled():
        rows = (
            Escalation.objects.filter(
                Q(raised_on__range=(start, end))
                | Q(acknowledged_on__range=(start, end))
                | Q(closed_on__range=(start, end))
            )
            .values("community_id", "level")
            .annotate(
                raised=Count("id", filter=Q(raised_on__range=(start, end))),
                acknowledged=Count("id", filter=Q(acknowledged_on__range=(start, end))),
                resolved=Count(
                    "id",
                    filter=Q(closed_on__range=(start, end), status=Escalation.Status.RESOLVED),
                ),
            )
            .order_by()
        )
        for row in rows:
            result[row["community_id"]][row["level"]] = {
                "raised": row["raised"],
                "acknowledged": row["acknowledged"],
                "resolved": row["resolved"],
            }
    return dict(result)


def escalations_resolved_count(
    community_id: int, start: datetime.date, end: datetime.date
) -> Decimal | None:
    """Escalations of the community resolved in the period (all levels), for indicators."""
    with scopes_disabled():
        count = Escalation.objects.filter(
            community_id=community_id,
            status=Escalation.Status.RESOLVED,
            closed_on__range=(start, end),
        ).count()
    return Decimal(count)
