"""The casework rules as pure functions: one place, tested at their edges.

Sources: document 002 (children in care: face-to-face contact at least every six weeks;
every return visit to the NT for a child interstate) and document 001 (Strengthening
Families opening and closure conditions). Dates are local dates in Australia/Darwin.
"""

import datetime

from django.db import models

# "At a minimum ... face-to-face contact with each child ... once every six weeks."
SIX_WEEKS = datetime.timedelta(days=42)
# A contact due within this many days shows as due soon.
DUE_SOON = datetime.timedelta(days=7)

# Phone and video contacts do not meet the six-week rule.
FACE_TO_FACE_KINDS = frozenset({"f2f_practitioner", "f2f_third_party"})

INTERSTATE_RESIDENCES = frozenset({"interstate", "boarding_school_interstate"})


class ContactStatus(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due within 7 days"
    ON_TRACK = "on_track", "On track"


def lives_interstate(residence: str) -> bool:
    return residence in INTERSTATE_RESIDENCES


def next_contact_due_in_nt(
    *, last_face_to_face_on: datetime.date | None, opened_on: datetime.date
) -> datetime.date:
    """Due 42 days after the last face-to-face contact, or after opening when there is none."""
    return (last_face_to_face_on or opened_on) + SIX_WEEKS


def next_contact_due_interstate(
    visits: list[tuple[datetime.date, datetime.date, bool]],
) -> datetime.date | None:
    """For a child interstate: the end of the earliest return visit without a face-to-face contact.

    ``visits`` holds (starts_on, ends_on, had_face_to_face). A visit that ended without one
    leaves its end date in the past, so the case shows as overdue until it is put right.
    With no such visit nothing is due.
    """
    pending = [ends_on for _starts, ends_on, seen in visits if not seen]
    return min(pending) if pending else None


def contact_status(due_on: datetime.date | None, today: datetime.date) -> str:
    """Overdue after the due day; due soon from 7 days before it up to the due day itself."""
    if due_on is None:
        return ContactStatus.ON_TRACK
    if today > due_on:
        return ContactStatus.OVERDUE
    if due_on - today <= DUE_SOON:
        return ContactStatus.DUE_SOON
    return ContactStatus.ON_TRACK


def reassessment_overdue(due_on: datetime.date | None, today: datetime.date) -> bool:
    return due_on is not None and today > due_on
