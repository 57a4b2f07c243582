"""A child of community A with every kind of record, and the steps of moving it to B."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.contact_due import case_refresh_contact_due
from casework.models import (
    CarePlan,
    CarePlanAction,
    CaseCadence,
    ContactAmendment,
    FamilyMember,
    MissedContactReason,
    RecordChange,
)
from casework.services import transfers
from config.celery import app
from escalations.models import Theme, ThemeLink
from tests.factories import (
    CaseFactory,
    CaseTaskFactory,
    ChildFactory,
    ContactFactory,
    FamilyFactory,
    ReferralFactory,
    ReturnVisitFactory,
    SafetyThreatFactory,
)


def full_record(w, *, given_name="Jarrah", family_name="Tipiloura"):
    """A child of A with a case and one of everything hanging off it, in a household."""
    child = ChildFactory(
        community=w.community_a,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=datetime.date(2015, 3, 9),
    )
    family = FamilyFactory(community=w.community_a, name="Tipiloura household")
    FamilyMember.objects.create(
        family=family, community=w.community_a, child=child, relationship="child"
    )
    FamilyMember.objects.create(
        family=family, community=w.community_a, person_name="Mary T.", relationship="parent"
    )
    case = CaseFactory(
        child=child,
        family=family,
        practitioner=w.practitioner_a,
        team_leader=w.teamleader_a,
    )
    seen = ContactFactory(case=case, occurred_at=timezone.now() - datetime.timedelta(days=20))
    ContactAmendment.objects.create(
        community=w.community_a,
        contact=seen,
        amended_by=w.practitioner_a,
        reason="Typo",
        previous_values={"note": ""},
    )
    SafetyThreatFactory(assessment__case=case)
    plan = CarePlan.objects.create(
        community=w.community_a,
        case=case,
        review_due_on=timezone.localdate() + datetime.timedelta(days=60),
        created_by=w.practitioner_a,
    )
    CarePlanAction.objects.create(
        community=w.community_a,
        care_plan=plan,
        description="School enrolment",
        owner="Carer",
        due_on=timezone.localdate(),
    )
    ReturnVisitFactory(case=case)
    ReferralFactory(case=case)
    CaseTaskFactory(case=case, assigned_to=w.teamleader_a)
    RecordChange.objects.create(
        community=w.community_a,
        record_type="casework.child",
        record_id=child.pk,
        child=child,
        changed_by=w.practitioner_a,
        previous_values={"languages": ""},
        new_values={"languages": "Murrinh-Patha"},
    )
    theme = Theme.objects.create(
        community=w.community_a,
        title="School attendance",
        category=Theme.Category.SCHOOL_ENGAGEMENT,
        description="Several children missing school",
        identified_on=timezone.localdate(),
        created_by=w.teamleader_a,
    )
    ThemeLink.objects.create(community=w.community_a, theme=theme, child=child)
    CaseCadence.objects.create(
        community=w.community_a,
        case=case,
        cadence_days=28,
        reason="Weekly school checks agreed with the family",
        set_by=w.teamleader_a,
        set_at=timezone.now(),
    )
    MissedContactReason.objects.create(
        community=w.community_a,
        case=case,
        reason=MissedContactReason.Reason.CEREMONY,
        gap_from=timezone.localdate() - datetime.timedelta(days=20),
        due_on=timezone.localdate() + datetime.timedelta(days=8),
        recorded_by=w.practitioner_a,
    )
    with scopes_disabled():
        case_refresh_contact_due(case)
        case.refresh_from_db()
    return child, case


def propose(w, child, **extra):
    return transfers.transfer_propose(
        actor=w.teamleader_a,
        child=child,
        to_community=w.community_b,
        reason=extra.pop("reason", "Moved to live with grandmother in Yuendumu"),
        moves_on=extra.pop("moves_on", timezone.localdate()),
        **extra,
    )


def move(w, child):
    """Propose from A and accept in B: the record is B's, practitioner_b takes it on."""
    transfer = propose(w, child)
    return transfers.transfer_accept(
        actor=w.teamleader_b, transfer=transfer, practitioner=w.practitioner_b
    )


@pytest.fixture
def jobs(django_capture_on_commit_callbacks):
    """``with jobs():`` runs what the services enqueue, in-process, as they commit."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield lambda: django_capture_on_commit_callbacks(execute=True)
    app.conf.task_always_eager = eager
