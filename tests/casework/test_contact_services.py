"""Contact services: logging and amending contacts, the rules applied and the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework import rules, services
from casework.models import Child, Contact, ContactAmendment, ContactKind
from tests.factories import (
    CaseFactory,
    ContactFactory,
    ReturnVisitFactory,
)

from .service_cases import TODAY, days_ago, in_care

pytestmark = pytest.mark.django_db


# --- contacts ----------------------------------------------------------------------------


def test_contact_log_puts_case_back_on_track(world):
    case = in_care(world)
    assert case.contact_status(TODAY) == rules.ContactStatus.OVERDUE
    services.contact_log(
        actor=world.practitioner_a,
        case=case,
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        kind=ContactKind.FACE_TO_FACE_PRACTITIONER,
        who_was_seen="Child and carer",
    )
    assert case.contact_status(TODAY) == rules.ContactStatus.ON_TRACK
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="casework.contact", child_id=case.child_id
    ).exists()


def test_contact_in_the_future_refused(world):
    case = in_care(world)
    with pytest.raises(ValidationError) as error:
        services.contact_log(
            actor=world.practitioner_a,
            case=case,
            occurred_at=timezone.now() + datetime.timedelta(minutes=5),
            kind=ContactKind.FACE_TO_FACE_PRACTITIONER,
        )
    assert "future" in error.value.message_dict["occurred_at"][0]


def test_third_party_must_be_named_with_organisation(world):
    case = in_care(world)
    with pytest.raises(ValidationError) as error:
        services.contact_log(
            actor=world.practitioner_a,
            case=case,
            occurred_at=timezone.now(),
            kind=ContactKind.FACE_TO_FACE_THIRD_PARTY,
            third_party_name="R. Worker",
        )
    assert set(error.value.message_dict) == {"third_party_organisation"}


def test_return_visit_must_belong_to_case_and_contain_the_contact(world):
    case = CaseFactory(
        child__community=world.community_a,
        child__residence=Child.Residence.INTERSTATE,
        practitioner=world.practitioner_a,
        opened_on=days_ago(100),
    )
    visit = services.return_visit_record(
        actor=world.practitioner_a, case=case, starts_on=days_ago(20), ends_on=days_ago(10)
    )
    assert case.contact_status(TODAY) == rules.ContactStatus.OVERDUE  # ended, nobody saw the child
    other_visit = ReturnVisitFactory(case__child__community=world.community_a)
    with pytest.raises(ValidationError, match="recorded for this case"):
        services.contact_log(
            actor=world.practitioner_a,
            case=case,
            occurred_at=timezone.now() - datetime.timedelta(days=15),
            kind=ContactKind.FACE_TO_FACE_PRACTITIONER,
            return_visit=other_visit,
        )
    with pytest.raises(ValidationError, match="must fall within it"):
        services.contact_log(
            actor=world.practitioner_a,
            case=case,
            occurred_at=timezone.now() - datetime.timedelta(days=5),
            kind=ContactKind.FACE_TO_FACE_PRACTITIONER,
            return_visit=visit,
        )
    services.contact_log(
        actor=world.practitioner_a,
        case=case,
        occurred_at=timezone.now() - datetime.timedelta(days=15),
        kind=ContactKind.FACE_TO_FACE_PRACTITIONER,
        return_visit=visit,
    )
    assert case.next_contact_due_on is None
    assert case.contact_status(TODAY) == rules.ContactStatus.ON_TRACK


def test_return_visit_with_phone_contact_only_stays_overdue(world):
    case = CaseFactory(
        child__community=world.community_a,
        child__residence=Child.Residence.INTERSTATE,
        practitioner=world.practitioner_a,
        opened_on=days_ago(100),
    )
    visit = services.return_visit_record(
        actor=world.practitioner_a, case=case, starts_on=days_ago(20), ends_on=days_ago(10)
    )
    services.contact_log(
        actor=world.practitioner_a,
        case=case,
        occurred_at=timezone.now() - datetime.timedelta(days=15),
        kind=ContactKind.PHONE,
        return_visit=visit,
    )
    assert case.contact_status(TODAY) == rules.ContactStatus.OVERDUE


def test_return_visit_only_for_child_interstate(world):
    case = in_care(world)
    with pytest.raises(ValidationError, match="interstate"):
        services.return_visit_record(
            actor=world.practitioner_a, case=case, starts_on=days_ago(2), ends_on=TODAY
        )


def test_amendment_keeps_the_original_and_refreshes_due_date(world):
    case = in_care(world)
    contact = ContactFactory(
        case=case,
        occurred_at=timezone.now() - datetime.timedelta(days=2),
        recorded_by=world.practitioner_a,
    )
    original = contact.occurred_at
    amendment = services.contact_amend(
        actor=world.teamleader_a,
        contact=contact,
        reason="Entered the wrong day",
        occurred_at=timezone.now() - datetime.timedelta(days=50),
    )
    assert amendment.previous_values == {"occurred_at": original.isoformat()}
    assert amendment.amended_by == world.teamleader_a
    assert case.contact_status(TODAY) == rules.ContactStatus.OVERDUE
    with pytest.raises(ValidationError, match="why"):
        services.contact_amend(actor=world.practitioner_a, contact=contact, reason=" ", note="x")
    with pytest.raises(ValidationError, match="Nothing was changed"):
        services.contact_amend(
            actor=world.practitioner_a, contact=contact, reason="r", note=contact.note
        )


def test_database_refuses_to_delete_contacts_and_amendments(world):
    contact = ContactFactory(case=in_care(world))
    amendment = services.contact_amend(
        actor=world.practitioner_a, contact=contact, reason="typo", note="Corrected"
    )
    for table, pk in (
        ("casework_contact", contact.pk),
        ("casework_contactamendment", amendment.pk),
    ):
        with (
            pytest.raises(DatabaseError, match="contacts and amendments are kept"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
    with pytest.raises(PermissionError):
        contact.delete()
    with scopes_disabled():
        assert Contact.objects.count() == 1
        assert ContactAmendment.objects.count() == 1
