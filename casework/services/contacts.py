"""Contacts with the child: logged, and corrected with the earlier values kept."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from core.actors import Actor
from core.errors import Conflict
from core.tasks import enqueue_on_commit

from ..contact_due import case_refresh_contact_due, local_date
from ..models import Case, Contact, ContactAmendment, ContactKind, ReturnVisit
from ..permissions import require_person, require_work_cases_in
from .base import UNSET, Unset, audit, given, in_community_of, require_open

CONTACT_FIELDS = (
    "occurred_at",
    "kind",
    "third_party_name",
    "third_party_organisation",
    "who_was_seen",
    "location",
    "return_visit",
    "note",
    "child_views",
    "aboriginal_community_worker_present",
    "aboriginal_practice_advisor_present",
)


THIRD_PARTY_FIELDS = ("third_party_name", "third_party_organisation")


# How far a device's clock may run ahead of the server's before its times are doubted.
DEVICE_CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


def _check_contact(
    contact: Contact, case: Case, *, recorded_at: datetime.datetime | None = None
) -> None:
    errors: dict[str, list[str]] = {}
    # A contact queued offline is judged against when it was recorded on the device (never
    # later than now): a time ahead of that was in the future when the person typed it.
    now = timezone.now()
    judged_at = min(recorded_at + DEVICE_CLOCK_TOLERANCE, now) if recorded_at else now
    if contact.occurred_at is None:
        errors["occurred_at"] = ["Enter when the contact happened."]
    elif contact.occurred_at > judged_at:
        errors["occurred_at"] = [
            _("The contact time is in the future: enter when it actually happened.")
        ]
    elif local_date(contact.occurred_at) < case.opened_on:
        errors["occurred_at"] = [
            _("The case opened on %(date)s: a contact for it happens on or after that day.")
            % {"date": date_format(case.opened_on, "d M Y")}
        ]
    if contact.kind not in ContactKind.values:
        errors["kind"] = [_("Choose what kind of contact it was.")]
    if contact.kind == ContactKind.FACE_TO_FACE_THIRD_PARTY:
        if not contact.third_party_name.strip():
            errors["third_party_name"] = [_("Name the person who saw the child.")]
        if not contact.third_party_organisation.strip():
            errors["third_party_organisation"] = [_("Name the organisation they work for.")]
    else:
        # Only a third-party visit names a third party: a name typed before the kind was
        # changed must not make the record say someone else saw the child.
        contact.third_party_name = ""
        contact.third_party_organisation = ""
    visit = contact.return_visit
    if visit is not None:
        if visit.case_id != case.pk:
            errors["return_visit"] = [_("Choose a return visit recorded for this case.")]
        elif contact.occurred_at is not None and not (
            visit.starts_on <= local_date(contact.occurred_at) <= visit.ends_on
        ):
            errors["return_visit"] = [
                _(
                    "The return visit ran from %(start)s to %(end)s: "
                    "the contact date must fall within it."
                )
                % {
                    "start": date_format(visit.starts_on, "d M"),
                    "end": date_format(visit.ends_on, "d M Y"),
                }
            ]
    if errors:
        raise ValidationError(errors)


@in_community_of("case")
def contact_log(
    *,
    actor: Actor,
    case: Case,
    occurred_at: datetime.datetime,
    kind: str,
    who_was_seen: str = "",
    location: str = "",
    note: str = "",
    child_views: str = "",
    third_party_name: str = "",
    third_party_organisation: str = "",
    return_visit: ReturnVisit | None = None,
    aboriginal_community_worker_present: bool = False,
    aboriginal_practice_advisor_present: bool = False,
    idempotency_key: uuid.UUID | None = None,
    recorded_on_device_at: datetime.datetime | None = None,
) -> Contact:
    """Log a contact. ``idempotency_key`` is the key the form or device made for it;
    ``recorded_on_device_at`` when a contact queued offline was typed (see _check_contact).
    """
    require_work_cases_in(actor, case.community_id)
    recorder = require_person(actor)
    if idempotency_key is not None:
        earlier = Contact.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            raise Conflict(
                _("This contact was already logged."),
                current={"contact": earlier.pk, "case": earlier.case_id},
            )
    require_open(case)
    contact = Contact(
        community_id=case.community_id,
        case=case,
        child_id=case.child_id,
        occurred_at=occurred_at,
        kind=kind,
        who_was_seen=who_was_seen.strip(),
        location=location.strip(),
        note=note,
        child_views=child_views,
        third_party_name=third_party_name.strip(),
        third_party_organisation=third_party_organisation.strip(),
        return_visit=return_visit,
        aboriginal_community_worker_present=aboriginal_community_worker_present,
        aboriginal_practice_advisor_present=aboriginal_practice_advisor_present,
        recorded_by=recorder,
        idempotency_key=idempotency_key,
    )
    _check_contact(contact, case, recorded_at=recorded_on_device_at)
    contact.save()
    if contact.is_face_to_face:
        # Only a face-to-face contact moves the due date (the rule counts nothing else,
        # and a return visit is seen only face to face): a phone call leaves it as it is.
        case_refresh_contact_due(case)
    audit(actor, AuditEvent.Action.CREATE, contact, child_id=case.child_id)
    if contact.is_face_to_face:
        # The reminders about this case's face-to-face contact are answered.
        enqueue_on_commit(
            "notifications.tasks.notifications_clear", case.community_id, case.pk, "contact_logged"
        )
    return contact


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@in_community_of("contact")
def contact_amend(
    *,
    actor: Actor,
    contact: Contact,
    reason: str,
    occurred_at: datetime.datetime | Unset = UNSET,
    kind: str | Unset = UNSET,
    third_party_name: str | Unset = UNSET,
    third_party_organisation: str | Unset = UNSET,
    who_was_seen: str | Unset = UNSET,
    location: str | Unset = UNSET,
    return_visit: ReturnVisit | None | Unset = UNSET,
    note: str | Unset = UNSET,
    child_views: str | Unset = UNSET,
    aboriginal_community_worker_present: bool | Unset = UNSET,
    aboriginal_practice_advisor_present: bool | Unset = UNSET,
    based_on_version: int | None = None,
) -> ContactAmendment:
    """Correct a contact, keeping what it said before, who changed it, when and why.

    Only the fields given are compared; the rest stay as they are. ``based_on_version``
    is the version the person corrected (an offline correction, a form open for a while):
    when someone else changed the contact since, nothing is overwritten (``Conflict``).
    """
    case = contact.case
    require_work_cases_in(actor, contact.community_id)
    amender = require_person(actor)
    if based_on_version is not None:
        # Lock the contact: two corrections of one version cannot both pass this check.
        Contact.objects.select_for_update().filter(pk=contact.pk).first()
        current_version = contact.version
        if current_version != based_on_version:
            raise Conflict(
                _(
                    "Someone changed this contact after you opened it: the current version is "
                    "shown beside what you typed. Check both and save again."
                ),
                current={"contact": contact.pk, "version": current_version},
            )
    changes = given(
        occurred_at=occurred_at,
        kind=kind,
        third_party_name=third_party_name,
        third_party_organisation=third_party_organisation,
        who_was_seen=who_was_seen,
        location=location,
        return_visit=return_visit,
        note=note,
        child_views=child_views,
        aboriginal_community_worker_present=aboriginal_community_worker_present,
        aboriginal_practice_advisor_present=aboriginal_practice_advisor_present,
    )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the contact is being corrected.")]})
    previous = {}
    for name, value in changes.items():
        current = getattr(contact, name)
        if current != value:
            previous[name] = _jsonable(current)
            setattr(contact, name, value)
    if not previous:
        raise ValidationError(_("Nothing was changed: edit the details that need correcting."))
    before_check = {name: getattr(contact, name) for name in THIRD_PARTY_FIELDS}
    _check_contact(contact, case)
    for name, value in before_check.items():
        # Changing the kind away from a third-party visit clears who that third party was.
        if getattr(contact, name) != value and name not in previous:
            previous[name] = value
    contact.save(update_fields=list(previous))
    amendment = ContactAmendment.objects.create(
        community_id=contact.community_id,
        contact=contact,
        amended_by=amender,
        reason=reason.strip(),
        previous_values=previous,
    )
    case_refresh_contact_due(case)
    audit(
        actor,
        AuditEvent.Action.UPDATE,
        contact,
        child_id=contact.child_id,
        detail={"fields": sorted(previous), "amendment_id": amendment.pk},
    )
    return amendment
