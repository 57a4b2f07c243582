"""Aggregate, de-identified casework figures for reports and partnership indicators.

Every function reads across communities with the fence disabled and returns counts only
(no names, no dates of birth, no notes), grouped by community id. The number of queries
is fixed: it does not grow with the number of communities or children.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django_scopes import scopes_disabled

from . import rules
from .models import Case, Child, Contact, MissedContactReason


@dataclass
class ContactCompliance:
    """Children in care (in the NT) during a period and how often they were seen."""

    in_care: int = 0
    # Seen face to face at least every six weeks on every day of the period they were in care.
    seen_throughout: int = 0
    # Past their due day (six weeks, or their case's stricter cadence) on the last day.
    overdue_at_end: int = 0
    # Of those, the ones whose late contact has a reason a team leader acknowledged by then.
    overdue_with_reason: int = 0

    @property
    def not_seen_throughout(self) -> int:
        return self.in_care - self.seen_throughout

    @property
    def overdue_without_reason(self) -> int:
        return self.overdue_at_end - self.overdue_with_reason


def _open_during(start: datetime.date, end: datetime.date) -> Q:
    return Q(opened_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))


def _open_on(day: datetime.date) -> Q:
    return Q(opened_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def cases_open_by_kind_and_risk(on: datetime.date) -> dict[int, dict[tuple[str, str], int]]:
    """{community_id: {(kind, risk_level): open cases}} on a day. One query."""
    result: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    with scopes_disabled():
        rows = (
            Case.objects.filter(_open_on(on))
            .values("community_id", "kind", "risk_level")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            result[row["community_id"]][(row["kind"], row["risk_level"])] = row["n"]
    return dict(result)


def _gaps_exceed_cadence(
    window_start: datetime.date,
    window_end: datetime.date,
    anchor: datetime.date,
    seen_days: list[datetime.date],
    cadence: datetime.timedelta = rules.SIX_WEEKS,
) -> bool:
    """Whether any day in the window was more than ``cadence`` (42 days unless stricter)
    after the last face-to-face day."""
    last = anchor
    for day in seen_days:
        if day > window_end:
            break
        overdue_from = max(window_start, last + cadence + datetime.timedelta(days=1))
        # Seen on day 43 after the last contact is late: that day was already overdue.
        if overdue_from <= day and overdue_from <= window_end:
            return True
        last = max(last, day)
    overdue_from = max(window_start, last + cadence + datetime.timedelta(days=1))
    return overdue_from <= window_end


def contact_compliance_by_community(
    start: datetime.date, end: datetime.date
) -> dict[int, ContactCompliance]:
    """Contact compliance for children in care in the NT, per community. Three queries.

    Each case is measured against its own cadence in force (``Case.contact_cadence_days``,
    kept by ``casework.cadence``): six weeks, or stricter where one was set. Children
    living or at boarding school interstate are seen on each return visit instead, so they
    are not counted here. A period that runs past today is measured up to today.
    """
    end = min(end, timezone.localdate())
    result: dict[int, ContactCompliance] = defaultdict(ContactCompliance)
    if end < start:
        return {}
    with scopes_disabled():
        cases = list(
            Case.objects.filter(_open_during(start, end), kind=Case.Kind.IN_CARE)
            .exclude(child__residence__in=sorted(rules.INTERSTATE_RESIDENCES))
            .values_list("id", "community_id", "opened_on", "closed_on", "contact_cadence_days")
        )
        # A face-to-face contact up to six weeks before the period is enough to know
        # whether the child was overdue on its first day.
        seen: dict[int, list[datetime.date]] = defaultdict(list)
        first_moment = timezone.make_aware(
            datetime.datetime.combine(start - rules.SIX_WEEKS, datetime.time.min)
        )
        last_moment = timezone.make_aware(
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
        )
        contacts = Contact.objects.filter(
            case__kind=Case.Kind.IN_CARE,
            case__in=Case.objects.filter(_open_during(start, end), kind=Case.Kind.IN_CARE),
            kind__in=sorted(rules.FACE_TO_FACE_KINDS),
            occurred_at__gte=first_moment,
            occurred_at__lt=last_moment,
        ).values_list("case_id", TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()))
        # The day in Darwin time is worked out by the database: converting 100,000s of
        # timestamps in Python took most of the report's figures' time.
        for case_id, day in contacts.order_by().distinct().iterator(chunk_size=5000):
            seen[case_id].append(day)
        # Reasons for a late contact acknowledged by the period's end, by the gap they
        # explain (the day it began: services.missed_contacts.gap_start).
        explained = set(
            MissedContactReason.objects.filter(
                case__in=Case.objects.filter(_open_during(start, end), kind=Case.Kind.IN_CARE),
                acknowledged_at__lt=last_moment,
            )
            .order_by()
            .values_list("case_id", "gap_from")
            .distinct()
        )
    for case_id, community_id, opened_on, closed_on, cadence_days in cases:
        cadence = datetime.timedelta(days=cadence_days or rules.IN_CARE_CADENCE_DAYS)
        window_start = max(start, opened_on)
        window_end = min(end, closed_on) if closed_on else end
        days = sorted(seen.get(case_id, []))
        figures = result[community_id]
        figures.in_care += 1
        if not _gaps_exceed_cadence(window_start, window_end, opened_on, days, cadence):
            figures.seen_throughout += 1
        if closed_on is None or closed_on > end:
            last = max([opened_on, *[d for d in days if d <= end]])
            if end > last + cadence:
                figures.overdue_at_end += 1
                # The reason is shown with the overdue case; it never makes it on time.
                if (case_id, last) in explained:
                    figures.overdue_with_reason += 1
    return dict(result)


def contact_compliance_share(
    community_id: int, start: datetime.date, end: datetime.date
) -> Decimal | None:
    """Percentage (0–100, one decimal) of the community's children in care seen face to face
    at least every six weeks throughout the period; None when no child was in care."""
    figures = contact_compliance_by_community(start, end).get(community_id)
    if not figures or not figures.in_care:
        return None
    share = Decimal(figures.seen_throughout * 100) / Decimal(figures.in_care)
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def children_in_care_count(on: datetime.date) -> dict[int, int]:
    """{community_id: children with an open in-care case} on a day. One query."""
    with scopes_disabled():
        rows = (
            Child.objects.filter(
                cases__in=Case.objects.filter(_open_on(on), kind=Case.Kind.IN_CARE)
            )
            .values("community_id")
            .annotate(n=Count("id", distinct=True))
            .order_by()
        )
        return {row["community_id"]: row["n"] for row in rows}
