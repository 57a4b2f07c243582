"""The six-week rule at its edges, in Australia/Darwin days."""

import datetime

import pytest
from django_scopes import scopes_disabled

from casework import rules
from casework.contact_due import case_refresh_contact_due
from casework.models import Case, Child, ContactKind, ReturnVisit
from tests.factories import CaseFactory, ContactFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

DARWIN = datetime.timezone(datetime.timedelta(hours=9, minutes=30))
TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("days_since_contact", "status"),
    [
        (34, rules.ContactStatus.ON_TRACK),
        (35, rules.ContactStatus.DUE_SOON),
        (41, rules.ContactStatus.DUE_SOON),
        (42, rules.ContactStatus.DUE_SOON),
        (43, rules.ContactStatus.OVERDUE),
    ],
)
def test_status_by_days_since_last_face_to_face(days_since_contact, status):
    last = TODAY - datetime.timedelta(days=days_since_contact)
    due = rules.next_contact_due_in_nt(last_face_to_face_on=last, opened_on=last)
    assert rules.contact_status(due, TODAY) == status


def test_without_contact_due_42_days_after_opening():
    opened = datetime.date(2026, 10, 1)
    assert rules.next_contact_due_in_nt(last_face_to_face_on=None, opened_on=opened) == (
        datetime.date(2026, 11, 12)
    )


@pytest.mark.django_db
def test_late_evening_contact_counts_on_the_darwin_day(world):
    # 23:30 in Darwin on 1 October is 14:00 UTC the same day; 00:30 on 2 October is
    # 15:00 UTC on 1 October: the Darwin day is what counts.
    case = CaseFactory(child__community=world.community_a)
    ContactFactory(case=case, occurred_at=datetime.datetime(2026, 10, 2, 0, 30, tzinfo=DARWIN))
    with scopes_disabled():
        case.refresh_from_db()
    assert case.last_face_to_face_on == datetime.date(2026, 10, 2)
    assert case.next_contact_due_on == datetime.date(2026, 11, 13)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [ContactKind.PHONE, ContactKind.VIDEO, ContactKind.OTHER])
def test_phone_and_video_do_not_count(world, kind):
    case = CaseFactory(child__community=world.community_a, opened_on=datetime.date(2026, 9, 1))
    ContactFactory(case=case, kind=kind)
    with scopes_disabled():
        case.refresh_from_db()
    assert case.next_contact_due_on == datetime.date(2026, 10, 13)


@pytest.mark.django_db
def test_third_party_face_to_face_counts(world):
    case = CaseFactory(child__community=world.community_a, opened_on=datetime.date(2026, 9, 1))
    ContactFactory(
        case=case,
        kind=ContactKind.FACE_TO_FACE_THIRD_PARTY,
        third_party_name="A. Worker",
        third_party_organisation="Demo ACCO",
        occurred_at=datetime.datetime(2026, 11, 1, 10, tzinfo=DARWIN),
    )
    with scopes_disabled():
        case.refresh_from_db()
    assert case.next_contact_due_on == datetime.date(2026, 12, 13)


@pytest.mark.django_db
def test_interstate_child_needs_contact_on_each_return_visit(world):
    case = CaseFactory(
        child__community=world.community_a,
        child__residence=Child.Residence.BOARDING_SCHOOL_INTERSTATE,
    )
    with scopes_disabled():
        assert case.next_contact_due_on is None  # no visit recorded: nothing due
        visit = ReturnVisit.objects.create(
            community=case.community,
            case=case,
            starts_on=datetime.date(2026, 11, 1),
            ends_on=datetime.date(2026, 11, 10),
            created_by=case.practitioner,
        )
        case_refresh_contact_due(case)
        assert case.next_contact_due_on == datetime.date(2026, 11, 10)
        assert case.contact_status(TODAY) == rules.ContactStatus.OVERDUE
    ContactFactory(case=case, return_visit=visit)
    with scopes_disabled():
        case.refresh_from_db()
        assert case.next_contact_due_on is None
        assert case.contact_status(TODAY) == rules.ContactStatus.ON_TRACK


@pytest.mark.django_db
def test_closed_and_family_support_cases_have_no_contact_due(world):
    case = CaseFactory(child__community=world.community_a, kind=Case.Kind.STRENGTHENING_FAMILIES)
    assert case.next_contact_due_on is None
    assert case.contact_status() is None
    closed = CaseFactory(
        child__community=world.community_a,
        opened_on=TODAY - datetime.timedelta(days=90),
        status=Case.Status.CLOSED,
        closed_on=TODAY - datetime.timedelta(days=1),
    )
    assert closed.next_contact_due_on is None  # closed: nothing due, however long unseen
    assert closed.contact_status(TODAY) is None
    assert not closed.is_open
