"""Six-week contact compliance over a period, at its edges, and its fixed query count."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import metrics
from casework.models import Case, Child, ContactKind

from ..factories import CaseFactory, ChildFactory, CommunityFactory, ContactFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 7, 1)
END = datetime.date(2026, 9, 30)


def _seen(case, day, kind=ContactKind.FACE_TO_FACE_PRACTITIONER):
    ContactFactory(
        case=case,
        kind=kind,
        occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(11))),
        third_party_name="Aunty (demo)" if kind == ContactKind.FACE_TO_FACE_THIRD_PARTY else "",
        third_party_organisation="ACCO (demo)"
        if kind == ContactKind.FACE_TO_FACE_THIRD_PARTY
        else "",
    )


def _case(community, opened_on=datetime.date(2026, 5, 1), **kwargs):
    return CaseFactory(child=ChildFactory(community=community), opened_on=opened_on, **kwargs)


def test_seen_every_42_days_counts_and_43_does_not(world):
    a = world.community_a
    on_time = _case(a)
    # Last seen 20 June; 1 Aug is day 42 after it; then every 42 days to the end.
    for day in (datetime.date(2026, 6, 20), datetime.date(2026, 8, 1), datetime.date(2026, 9, 12)):
        _seen(on_time, day)
    late = _case(a)
    for day in (datetime.date(2026, 6, 20), datetime.date(2026, 8, 2), datetime.date(2026, 9, 12)):
        _seen(late, day)
    figures = metrics.contact_compliance_by_community(START, END)[a.pk]
    assert (figures.in_care, figures.seen_throughout) == (2, 1)
    assert metrics.contact_compliance_share(a.pk, START, END) == Decimal("50.0")


def test_overdue_at_quarter_end_and_phone_contacts_do_not_count(world):
    a = world.community_a
    case = _case(a)
    _seen(case, datetime.date(2026, 8, 19))  # due 30 Sept: not overdue on 30 Sept
    phoned = _case(a)
    _seen(phoned, datetime.date(2026, 8, 18))  # due 29 Sept: overdue on 30 Sept
    _seen(phoned, datetime.date(2026, 9, 25), kind=ContactKind.PHONE)
    third_party = _case(a)
    _seen(third_party, datetime.date(2026, 9, 1), kind=ContactKind.FACE_TO_FACE_THIRD_PARTY)
    figures = metrics.contact_compliance_by_community(START, END)[a.pk]
    assert figures.overdue_at_end == 1


def test_a_case_opened_during_the_quarter_is_measured_from_opening(world):
    a = world.community_a
    _case(a, opened_on=datetime.date(2026, 9, 1))  # not yet due by 30 Sept
    closed = _case(a, opened_on=datetime.date(2026, 1, 1))
    with scopes_disabled():
        Case.objects.filter(pk=closed.pk).update(
            status="closed", closed_on=datetime.date(2026, 6, 1)
        )
    figures = metrics.contact_compliance_by_community(START, END)[a.pk]
    assert (figures.in_care, figures.seen_throughout, figures.overdue_at_end) == (1, 1, 0)


def test_interstate_children_and_empty_communities(world):
    a = world.community_a
    case = _case(a)
    with scopes_disabled():
        Child.objects.filter(pk=case.child_id).update(residence=Child.Residence.INTERSTATE)
    assert metrics.contact_compliance_share(a.pk, START, END) is None
    assert metrics.contact_compliance_share(world.community_b.pk, START, END) is None


def test_query_count_does_not_grow_with_communities(world):
    def count():
        with CaptureQueriesContext(connection) as captured:
            metrics.contact_compliance_by_community(START, END)
            metrics.cases_open_by_kind_and_risk(END)
            metrics.children_in_care_count(END)
        return len(captured)

    _seen(_case(world.community_a), datetime.date(2026, 7, 10))
    one = count()
    for _ in range(5):
        community = CommunityFactory()
        _seen(_case(community), datetime.date(2026, 7, 10))
    assert count() == one
