"""Home shows each role what needs doing, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import Case, CaseTask
from escalations.models import Escalation

from ..factories import (
    CaseFactory,
    CaseTaskFactory,
    ChildFactory,
    EscalationFactory,
    OversightGroupFactory,
    ThemeFactory,
)

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _cases(world, n: int) -> None:
    for i in range(n):
        case = CaseFactory(
            child=ChildFactory(community=world.community_a),
            practitioner=world.practitioner_a,
            team_leader=world.teamleader_a,
            opened_on=TODAY - datetime.timedelta(days=60),
        )
        # Every other case overdue; one in three waiting for closure; one in four a task.
        due = TODAY - datetime.timedelta(days=3) if i % 2 else TODAY + datetime.timedelta(days=2)
        with scopes_disabled():
            Case.objects.filter(pk=case.pk).update(
                next_contact_due_on=due,
                status=Case.Status.CLOSURE_REQUESTED if i % 3 == 0 else Case.Status.OPEN,
            )
        if i % 4 == 0:
            CaseTaskFactory(case=case, status=CaseTask.Status.OPEN)


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.parametrize("persona", ["practitioner_a", "teamleader_a"])
def test_home_costs_the_same_at_1_and_20_cases(world, client_for, persona):
    client = client_for(world.users[persona])
    _cases(world, 1)
    _page, one = _home(client)
    _cases(world, 19)
    page, twenty = _home(client)
    assert one == twenty, (one, twenty)
    assert "What needs doing" in page


def test_practitioner_sees_overdue_due_this_week_and_tasks(world, client_for):
    _cases(world, 4)  # overdue: 1, 3; due soon: 0, 2; tasks on case 0
    page, _ = _home(client_for(world.practitioner_a))
    assert "<strong>2</strong> overdue for a face-to-face contact" in page
    assert "<strong>2</strong> due for a contact this week" in page
    assert "<strong>1</strong> further action to consider" in page
    assert reverse("casework:my_caseload") in page


def test_team_leader_sees_closures_overdue_and_tasks(world, client_for):
    _cases(world, 4)  # closures: 0, 3
    page, _ = _home(client_for(world.teamleader_a))
    assert "<strong>2</strong> closures waiting for your decision" in page
    assert "?status=closure_waiting" in page
    assert "<strong>2</strong> overdue for contact across your team" in page
    assert "<strong>1</strong> further action to decide" in page


def test_other_community_work_is_not_counted(world, client_for):
    CaseFactory(child=ChildFactory(community=world.community_b), practitioner=world.practitioner_b)
    page, _ = _home(client_for(world.practitioner_a))
    assert "<strong>0</strong> open cases in your caseload" in page


def test_coordinator_sees_escalations_awaiting_a_response(world, client_for, settings):
    theme = ThemeFactory(community=world.community_a)
    EscalationFactory(
        theme=theme,
        raised_on=TODAY - datetime.timedelta(days=settings.CWSP_ESCALATION_ACK_DAYS + 2),
    )
    EscalationFactory(
        theme=theme, raised_on=TODAY, status=Escalation.Status.RESOLVED, closed_on=TODAY
    )
    EscalationFactory(theme=ThemeFactory(community=world.community_b), raised_on=TODAY)
    page, _ = _home(client_for(world.coordinator_a))
    assert "<strong>1</strong> open escalations with no response yet" in page
    assert "<strong>1</strong> overdue for acknowledgement" in page


def test_cochair_sees_the_latest_report_and_composition(world, client_for):
    OversightGroupFactory()
    page, _ = _home(client_for(world.cochair))
    assert "No quarterly report has been generated yet" in page
    assert "Composition:" in page
    assert "Your caseload" not in page
