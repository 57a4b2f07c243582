"""The report's compliance figures against each case's own cadence, and overdue cases
counted with and without an acknowledged reason (suppressed like every other count)."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import metrics
from casework.models import Case, MissedContactReason
from oversight.quarters import Quarter
from oversight.report import report_figures

from ..factories import CaseFactory, ChildFactory, ContactFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 7, 1)
END = datetime.date(2026, 9, 30)


def _seen(case, day):
    ContactFactory(
        case=case,
        kind="f2f_practitioner",
        occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(11))),
    )


def _case(community):
    return CaseFactory(child=ChildFactory(community=community), opened_on=datetime.date(2026, 5, 1))


def _reason(case, gap_from, acknowledged_on=None):
    acknowledged_at = (
        timezone.make_aware(datetime.datetime.combine(acknowledged_on, datetime.time(9)))
        if acknowledged_on
        else None
    )
    return MissedContactReason.objects.create(
        community=case.community,
        case=case,
        reason=MissedContactReason.Reason.COMMUNITY_UNREACHABLE,
        gap_from=gap_from,
        due_on=gap_from + datetime.timedelta(days=42),
        recorded_by=case.practitioner,
        acknowledged_by=case.practitioner if acknowledged_at else None,
        acknowledged_at=acknowledged_at,
    )


def test_a_stricter_cadence_is_measured_by_its_own_days(world):
    a = world.community_a
    days = [datetime.date(2026, 6, 25) + datetime.timedelta(days=20 * k) for k in range(6)]
    six_weeks = _case(a)
    fortnightly = _case(a)
    for day in days:
        _seen(six_weeks, day)
        _seen(fortnightly, day)
    # As casework.cadence stores it for a case a team leader gave a fortnightly cadence.
    with scopes_disabled():
        Case.objects.filter(pk=fortnightly.pk).update(contact_cadence_days=14)
    figures = metrics.contact_compliance_by_community(START, END)[a.pk]
    # Seen every 20 days: on time under six weeks, late under a fortnightly cadence.
    assert (figures.in_care, figures.seen_throughout) == (2, 1)


def test_overdue_at_quarter_end_with_and_without_an_acknowledged_reason(world):
    a = world.community_a
    last = datetime.date(2026, 8, 1)  # due 12 Sept: overdue on 30 Sept
    acknowledged, unacknowledged, late_acknowledgement, earlier_gap = (_case(a) for _ in range(4))
    for case in (acknowledged, unacknowledged, late_acknowledgement, earlier_gap):
        _seen(case, last)
    _reason(acknowledged, last, acknowledged_on=datetime.date(2026, 9, 20))
    _reason(unacknowledged, last)
    _reason(late_acknowledgement, last, acknowledged_on=datetime.date(2026, 10, 2))
    # A reason for an earlier gap (before the 1 August contact) explains nothing now.
    _reason(earlier_gap, datetime.date(2026, 5, 1), acknowledged_on=datetime.date(2026, 7, 1))
    figures = metrics.contact_compliance_by_community(START, END)[a.pk]
    assert figures.overdue_at_end == 4
    assert (figures.overdue_with_reason, figures.overdue_without_reason) == (1, 3)


def test_report_prints_the_split_suppressed(world):
    a = world.community_a
    last = datetime.date(2026, 8, 1)
    cases = [_case(a) for _ in range(7)]
    for case in cases:
        _seen(case, last)
    for case in cases[:6]:
        _reason(case, last, acknowledged_on=datetime.date(2026, 9, 1))
    figures = report_figures(Quarter.parse("2026-27 Q1"))
    overdue = figures["overdue"]
    assert overdue["columns"] == [
        "With a reason acknowledged by a team leader",
        "Without an acknowledged reason",
    ]
    wadeye = next(row for row in overdue["rows"] if row["name"].startswith("Wadeye"))
    # Six with a reason, one without: the one is small, so its partner is hidden too.
    assert wadeye["cells"] != ["6", "1"] and "1" not in wadeye["cells"]
    assert "<5" in wadeye["cells"]
    assert wadeye["total"] == "7"
