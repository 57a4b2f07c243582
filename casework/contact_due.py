"""Keep each case's due date current; the only writer of Case.next_contact_due_on and of
the cadence in force stored with it (``Case.contact_cadence_days``).

Called by every service that changes what the rule reads: a contact logged or amended,
a return visit recorded or changed, the child's residence changed, a case opened, its
risk reassessed, or a cadence set (``casework.cadence`` decides which one is in force).
"""

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from . import rules
from .cadence import cadence_in_force
from .models import Case, Contact, ReturnVisit


def local_date(moment) -> datetime.date:
    """The Darwin calendar day of an aware datetime."""
    return timezone.localtime(moment).date()


def return_visits_with_seen(visits: QuerySet[ReturnVisit]) -> QuerySet[ReturnVisit]:
    """Each visit with ``seen``: a face-to-face contact of its case counts for it
    (``rules.contact_counts_for_visit``): linked to it, or on a Darwin day of the visit."""
    face_to_face = Contact.objects.filter(case=OuterRef("case"), kind__in=rules.FACE_TO_FACE_KINDS)
    linked = face_to_face.filter(return_visit=OuterRef("pk"))
    during = face_to_face.filter(
        occurred_at__date__gte=OuterRef("starts_on"), occurred_at__date__lte=OuterRef("ends_on")
    )
    return visits.annotate(seen=Exists(linked) | Exists(during))


# Not a cadence: the policy's alone (six weeks for a child in care, nothing otherwise).
POLICY_ONLY = 0


def contact_due_on_for(case: Case, cadence_days: int | None = POLICY_ONLY):
    """(last face-to-face day, next due day) for an open case under a cadence, by the rule."""
    if cadence_days == POLICY_ONLY:
        cadence_days = rules.IN_CARE_CADENCE_DAYS if case.kind == Case.Kind.IN_CARE else None
    face_to_face = Contact.objects.filter(case=case, kind__in=rules.FACE_TO_FACE_KINDS)
    last = face_to_face.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
    last_on = local_date(last) if last else None
    if case.status == Case.Status.CLOSED or cadence_days is None:
        return last_on, None
    if case.kind != Case.Kind.IN_CARE:
        return last_on, (last_on or case.opened_on) + datetime.timedelta(days=cadence_days)
    child = case.child
    since = child.contact_rule_since
    if rules.lives_interstate(child.residence):
        visits = ReturnVisit.objects.filter(case=case)
        if since is not None:
            # Visits of an earlier time interstate were judged under the rule of their day.
            visits = visits.filter(ends_on__gte=since)
        rows = return_visits_with_seen(visits).values_list(  # type: ignore[misc]
            "starts_on", "ends_on", "seen"
        )
        return last_on, rules.next_contact_due_interstate(list(rows))
    return last_on, rules.next_contact_due_in_nt(
        last_face_to_face_on=last_on,
        opened_on=case.opened_on,
        in_nt_since=since,
        cadence_days=cadence_days,
    )


def case_refresh_contact_due(case: Case) -> Case:
    cadence = None if case.status == Case.Status.CLOSED else cadence_in_force(case).days
    last_on, due_on = contact_due_on_for(case, cadence)
    current = (case.last_face_to_face_on, case.next_contact_due_on, case.contact_cadence_days)
    if current != (last_on, due_on, cadence):
        case.last_face_to_face_on = last_on
        case.next_contact_due_on = due_on
        case.contact_cadence_days = cadence
        Case.objects.filter(pk=case.pk).update(
            last_face_to_face_on=last_on, next_contact_due_on=due_on, contact_cadence_days=cadence
        )
    return case
