"""The load-data generator: realistic shapes, and due dates that agree with the six-week rule."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count
from django_scopes import scopes_disabled
from guardian.shortcuts import get_perms

from audit.models import AuditEvent
from casework import rules
from casework.contact_due import contact_due_on_for
from casework.management.commands.generate_load_data import generate_load_data
from casework.models import CarePlan, Case, Child, Contact, ReturnVisit, RiskAssessment
from escalations.models import Escalation, EscalationResponse, LeadersMeeting, ThemeLink
from notifications.services import contact_reminders_send
from partnerships.models import Membership
from partnerships.services import ROLE_PERMISSIONS

TODAY = datetime.date(2026, 11, 23)

pytestmark = pytest.mark.django_db


def test_generated_data_is_realistic_and_consistent():
    summary = generate_load_data(children=300, seed=7, today=TODAY)
    assert summary.children == summary.cases == 300
    with scopes_disabled():
        cases = list(Case.objects.select_related("child"))
        in_care = [c for c in cases if c.kind == Case.Kind.IN_CARE]
        assert 0.5 < len(in_care) / len(cases) < 0.7
        # About 40 contacts per child in care, over five years, mostly face to face.
        per_case = Counter(
            Contact.objects.filter(case__kind=Case.Kind.IN_CARE).values_list("case", flat=True)
        )
        average = sum(per_case.values()) / len(in_care)
        assert 35 <= average <= 46
        kinds = Counter(Contact.objects.values_list("kind", flat=True))
        assert kinds["f2f_practitioner"] > kinds["phone"] > 0
        assert kinds["f2f_third_party"] > 0 and kinds["video"] > 0
        oldest = Contact.objects.order_by("occurred_at").first().occurred_at.date()
        assert oldest < TODAY - datetime.timedelta(days=4 * 365)
        assert not Contact.objects.filter(occurred_at__date__gt=TODAY).exists()
        # Every case's due dates agree with the rule the services apply.
        for case in cases:
            assert contact_due_on_for(case) == (
                case.last_face_to_face_on,
                case.next_contact_due_on,
            ), case.pk
        # Some on track, some due soon, some overdue.
        statuses = Counter(c.contact_status(TODAY) for c in in_care if c.is_open)
        assert all(statuses[s] > 0 for s in rules.ContactStatus.values)
        # Children interstate have return visits.
        interstate = [c for c in in_care if c.child.lives_interstate]
        assert ReturnVisit.objects.filter(case__in=interstate).count() >= len(interstate)
        assert RiskAssessment.objects.count() == 3 * len(cases)
        assert CarePlan.objects.count() == len(cases)
        # Skewed community sizes.
        sizes = sorted(
            Child.objects.values("community").annotate(n=Count("id")).values_list("n", flat=True)
        )
        assert sizes[-1] >= 3 * sizes[0]


def test_generated_staff_have_the_guardian_permissions_of_their_roles():
    generate_load_data(children=60, seed=2, today=TODAY)
    memberships = Membership.objects.select_related("user", "community")
    assert memberships.count() > 24
    for membership in memberships[:40]:
        assert (
            set(get_perms(membership.user, membership.community))
            == ROLE_PERMISSIONS[membership.role]
        )


def test_reminders_run_on_generated_data():
    generate_load_data(children=120, seed=5, today=TODAY)
    with scopes_disabled():
        due = (
            Case.objects.open()
            .in_care()
            .filter(next_contact_due_on__lte=TODAY + rules.DUE_SOON)
            .count()
        )
    summary = contact_reminders_send(today=TODAY)
    assert summary.cases_due == due > 0
    assert summary.sent >= due


def test_command(capsys):
    call_command("generate_load_data", "--children", "30", "--seed", "3", "--date", "2026-11-23")
    assert "Generated 30 children" in capsys.readouterr().out


def test_generated_themes_escalations_and_audit_rows():
    generate_load_data(children=400, seed=11, today=TODAY)
    with scopes_disabled():
        links = list(ThemeLink.objects.select_related("theme", "child", "family"))
        per_theme = Counter(link.theme_id for link in links)
        assert per_theme and min(per_theme.values()) >= 2
        # A theme links only its own community's children and families.
        for link in links:
            linked = link.child or link.family
            assert linked.community_id == link.community_id == link.theme.community_id
        escalations = list(Escalation.objects.select_related("theme"))
        assert {e.level for e in escalations} == set(Escalation.Level.values)
        assert all(e.community_id == e.theme.community_id for e in escalations)
        assert all(e.raised_on <= TODAY for e in escalations)
        assert EscalationResponse.objects.exists()
        assert LeadersMeeting.objects.filter(themes__isnull=False).exists()
        children = Child.objects.count()
    reads = AuditEvent.objects.filter(action=AuditEvent.Action.READ)
    assert reads.count() >= 2 * children
    assert reads.first().detail == {"what": "child_detail"}
    assert not AuditEvent.objects.filter(occurred_at__date__gt=TODAY).exists()
