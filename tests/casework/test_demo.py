"""The demo seeder fills Wadeye and Yuendumu with every casework state, through the services."""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import demo as casework_demo
from casework import rules
from casework.models import Case, CaseTask, Family, MissedContactReason, RecordChange, Referral
from partnerships import demo as partnerships_demo
from partnerships.reference_data import reference_data_load

pytestmark = pytest.mark.django_db


def test_seed_covers_every_state():
    reference_data_load()
    context = partnerships_demo.DemoContext(today=timezone.localdate(), password="x" * 20)
    partnerships_demo.seed(context)
    casework_demo.seed(context)
    today = context.today
    with scopes_disabled():
        for slug in ("wadeye", "yuendumu"):
            cases = Case.objects.filter(community__slug=slug).open()
            in_care = cases.in_care()
            assert in_care.contact_overdue(today).exists()
            assert in_care.contact_due_soon(today).exists()
            assert in_care.contact_on_track(today).exists()
            assert cases.filter(status=Case.Status.CLOSURE_REQUESTED).count() == 2
            assert cases.filter(risk_level__in=["high", "very_high"]).exists()
            assert cases.filter(next_reassessment_due_on__lt=today).exists()
            assert cases.filter(child__residence="boarding_school_interstate").exists()
            assert CaseTask.objects.filter(community__slug=slug, status="open").exists()
            assert Referral.objects.filter(community__slug=slug, service="ifps").exists()
            assert Family.objects.filter(community__slug=slug).exclude(nominated_people="").exists()
            assert RecordChange.objects.filter(
                community__slug=slug, record_type="casework.case", reason__contains="leave"
            ).exists()
            assert RecordChange.objects.filter(
                community__slug=slug,
                record_type="casework.child",
                new_values__residence="boarding_school_interstate",
            ).exists()
            # A stricter cadence (a Partnership's and a case's) and reasons for late contacts.
            assert cases.filter(contact_cadence_days=7, kind="strengthening_families").exists()
            assert in_care.filter(contact_cadence_days=14, own_cadence__isnull=False).exists()
            reasons = MissedContactReason.objects.filter(community__slug=slug)
            assert reasons.filter(acknowledged_at__isnull=False).exists()
            assert reasons.filter(acknowledged_at__isnull=True).exists()
            assert all(r.case.contact_status(today) == "overdue" for r in reasons)
            statuses = {c.contact_status(today) for c in in_care}
            assert statuses == set(rules.ContactStatus.values)
        for slug in casework_demo.OTHER_COMMUNITIES:
            assert Case.objects.filter(community__slug=slug).exists()
