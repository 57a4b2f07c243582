"""Notifications that match the work: team leaders hear of closures waiting and of new
further-action tasks; each clears when what it asks for is done; only active members of
the case's community are told; dates read "1 December 2026" and cases are named in words."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import services
from casework.models import Case, ContactKind, RiskAssessment, RiskLevel
from config.celery import app
from notifications.models import Notification
from notifications.selectors import unread_count_for
from notifications.services import contact_reminders_send
from notifications.services_work import long_date
from partnerships.models import Membership
from tests.factories import CaseFactory, ChildFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run what the services enqueue, in-process, as each transaction commits."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    yield capture
    app.conf.task_always_eager = eager


def unread(user):
    with scopes_disabled():
        return unread_count_for(actor=user)


def notes(**filters):
    with scopes_disabled():
        return list(Notification.objects.filter(**filters).order_by("id"))


def sf_case(world, **kwargs):
    case = CaseFactory(
        child__community=world.community_a,
        child__given_name="Yolanda",
        child__family_name="Tipungwuti",
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        parents_agreed_on=TODAY - datetime.timedelta(days=40),
        **kwargs,
    )
    RiskAssessment.objects.create(
        community=case.community,
        case=case,
        assessed_on=TODAY,
        level=case.risk_level,
        assessor=world.practitioner_a,
        next_reassessment_due_on=TODAY + datetime.timedelta(days=90),
    )
    return case


def reads_well(message: str) -> None:
    assert not re.search(r"\d{4}-\d{2}-\d{2}", message)  # no ISO dates
    assert not re.search(r"#\d+", message)  # no bare case numbers


def test_closure_request_notifies_the_team_leader_and_clears_when_decided(world, run_jobs):
    case = sf_case(world, risk_level=RiskLevel.LOW)
    with run_jobs():
        services.case_request_closure(
            actor=world.practitioner_a,
            case=case,
            reason="Goals met",
            parents_capacity_note="Parents keep the children safe",
        )
    [note] = notes(kind=Notification.Kind.CLOSURE_WAITING)
    assert note.user == world.teamleader_a
    assert note.message.startswith(
        "The Strengthening Families case of Y. T. in Wadeye: closure with no further action "
        f"requested on {long_date(TODAY)}"
    )
    reads_well(note.message)
    assert unread(world.teamleader_a) == 1

    with scopes_disabled():
        case.refresh_from_db()
    with run_jobs():
        services.case_send_back_closure(actor=world.teamleader_a, case=case, reason="Not yet")
    [note] = notes(kind=Notification.Kind.CLOSURE_WAITING)
    assert note.is_done and note.is_read
    assert unread(world.teamleader_a) == 0


def test_new_further_action_task_notifies_and_clears_when_decided(world, run_jobs):
    case = sf_case(world, risk_level=RiskLevel.HIGH)
    with run_jobs():
        task = services.parent_withdraw_agreement(
            actor=world.practitioner_a, case=case, withdrawn_on=TODAY
        )
    [note] = notes(kind=Notification.Kind.FURTHER_ACTION)
    assert note.user == world.teamleader_a
    assert "further action to consider" in note.message
    reads_well(note.message)
    with run_jobs():
        services.case_task_decide(actor=world.teamleader_a, task=task, decision="Refer on")
    [note] = notes(kind=Notification.Kind.FURTHER_ACTION)
    assert note.is_done


def test_a_face_to_face_contact_clears_the_overdue_reminders(world, run_jobs):
    case = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        opened_on=TODAY - datetime.timedelta(days=60),
    )
    contact_reminders_send(today=TODAY)
    assert {n.user for n in notes(kind=Notification.Kind.CONTACT_OVERDUE)} == {
        world.practitioner_a,
        world.teamleader_a,
    }
    for note in notes(kind=Notification.Kind.CONTACT_OVERDUE):
        reads_well(note.message)
        assert long_date(case.next_contact_due_on) in note.message
    with run_jobs():
        services.contact_log(
            actor=world.practitioner_a,
            case=case,
            occurred_at=timezone.now() - datetime.timedelta(hours=1),
            kind=ContactKind.FACE_TO_FACE_PRACTITIONER,
            who_was_seen="The child",
        )
    assert all(n.is_done for n in notes(kind=Notification.Kind.CONTACT_OVERDUE))
    assert unread(world.practitioner_a) == 0


def test_ex_members_get_no_reminder(world):
    case = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        opened_on=TODAY - datetime.timedelta(days=60),
    )
    # The team leader left the community yesterday.
    Membership.objects.filter(user=world.teamleader_a).update(ends_on=TODAY)
    contact_reminders_send(today=TODAY)
    assert {n.user for n in notes(case_id=case.pk)} == {world.practitioner_a}
    assert [m.to for m in mail.outbox] == [[world.practitioner_a.email]]


def test_closure_goes_to_every_team_leader_when_the_case_has_none(world, run_jobs):
    case = sf_case(world, risk_level=RiskLevel.LOW)
    with scopes_disabled():
        Case.objects.filter(pk=case.pk).update(team_leader=None)
        case.refresh_from_db()
    ChildFactory(community=world.community_a)
    with run_jobs():
        services.case_request_closure(
            actor=world.practitioner_a,
            case=case,
            reason="Goals met",
            parents_capacity_note="Safe",
        )
    assert [n.user for n in notes(kind=Notification.Kind.CLOSURE_WAITING)] == [world.teamleader_a]
