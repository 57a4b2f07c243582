"""Reasons for a late or missed contact: they never excuse the overdue status, a team
leader acknowledges them, "whereabouts unknown" opens a task, and caseloads show them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import rules
from casework.models import Case, CaseTask, MissedContactReason
from casework.services.missed_contacts import missed_contact_acknowledge, missed_contact_record
from tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db


def _overdue_case(world, days_since=50):
    today = timezone.localdate()
    case = CaseFactory(
        child__community=world.community_a,
        practitioner=world.users["practitioner_a"],
        team_leader=world.users["teamleader_a"],
        opened_on=today - datetime.timedelta(days=120),
    )
    ContactFactory(
        case=case,
        kind="f2f_practitioner",
        occurred_at=timezone.now() - datetime.timedelta(days=days_since),
    )
    with scopes_disabled():
        return Case.objects.get(pk=case.pk)


def test_an_acknowledged_reason_does_not_excuse_the_overdue_status(world):
    case = _overdue_case(world)
    today = timezone.localdate()
    assert case.contact_status(today) == rules.ContactStatus.OVERDUE
    missed = missed_contact_record(
        actor=world.users["practitioner_a"],
        case=case,
        reason=MissedContactReason.Reason.COMMUNITY_UNREACHABLE,
        details="Road to the outstation closed by the wet.",
    )
    assert missed.gap_from == case.last_face_to_face_on
    missed_contact_acknowledge(actor=world.users["teamleader_a"], missed=missed)
    with scopes_disabled():
        case = Case.objects.get(pk=case.pk)
        assert case.contact_status(today) == rules.ContactStatus.OVERDUE
        assert Case.objects.filter(pk=case.pk).contact_overdue(today).exists()
        missed.refresh_from_db()
    assert missed.is_acknowledged and missed.acknowledged_by == world.users["teamleader_a"]
    with pytest.raises(ValidationError):
        missed_contact_acknowledge(actor=world.users["teamleader_a"], missed=missed)


def test_only_a_team_leader_acknowledges(world):
    case = _overdue_case(world)
    missed = missed_contact_record(
        actor=world.users["practitioner_a"], case=case, reason=MissedContactReason.Reason.HOSPITAL
    )
    with pytest.raises(PermissionDenied):
        missed_contact_acknowledge(actor=world.users["practitioner_a"], missed=missed)


def test_whereabouts_unknown_opens_a_further_action_task(world):
    case = _overdue_case(world)
    missed = missed_contact_record(
        actor=world.users["practitioner_a"],
        case=case,
        reason=MissedContactReason.Reason.WHEREABOUTS_UNKNOWN,
    )
    with scopes_disabled():
        task = CaseTask.objects.get(case=case)
    assert missed.task == task and task.is_open
    assert task.kind == CaseTask.Kind.CONSIDER_FURTHER_ACTION
    assert task.assigned_to == world.users["teamleader_a"]


def test_other_needs_words_and_an_on_track_contact_needs_no_reason(world):
    case = _overdue_case(world)
    with pytest.raises(ValidationError) as refused:
        missed_contact_record(
            actor=world.users["practitioner_a"], case=case, reason=MissedContactReason.Reason.OTHER
        )
    assert "details" in refused.value.message_dict
    on_track = _overdue_case(world, days_since=3)
    with pytest.raises(ValidationError):
        missed_contact_record(
            actor=world.users["practitioner_a"],
            case=on_track,
            reason=MissedContactReason.Reason.CEREMONY,
        )


def test_a_new_contact_ends_the_gap_and_the_reason_is_no_longer_shown(world, client_for):
    case = _overdue_case(world)
    missed_contact_record(
        actor=world.users["practitioner_a"],
        case=case,
        reason=MissedContactReason.Reason.SORRY_BUSINESS,
    )
    leader = client_for(world.users["teamleader_a"])
    team = leader.get(reverse("casework:team_caseload")).content.decode()
    assert "travelling for sorry business" in team and "(not acknowledged)" in team
    child_page = leader.get(reverse("casework:child_detail", args=[case.child_id])).content.decode()
    assert "Reason for the late contact" in child_page and "Acknowledge" in child_page
    ContactFactory(case=case, kind="f2f_practitioner", occurred_at=timezone.now())
    team = leader.get(reverse("casework:team_caseload")).content.decode()
    assert "sorry business" not in team


def test_pages_and_api_record_and_acknowledge(world, client_for):
    case = _overdue_case(world)
    practitioner = client_for(world.users["practitioner_a"])
    page = reverse("casework:missed_contact_record", args=[case.pk])
    refused = practitioner.post(page, {"reason": "other", "details": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["details"]
    assert practitioner.post(page, {"reason": "ceremony"}).status_code == 302
    api = reverse("case-missed-contacts", args=[case.pk])
    made = practitioner.post(api, {"reason": "detention"}, content_type="application/json")
    assert made.status_code == 201, made.json()
    missed_id = made.json()["id"]
    ack = reverse("missed-contact-acknowledge", args=[missed_id])
    assert practitioner.post(ack, content_type="application/json").status_code == 403
    leader = client_for(world.users["teamleader_a"])
    answer = leader.post(ack, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["acknowledged_by"]
    with scopes_disabled():
        first = MissedContactReason.objects.get(reason="ceremony")
    acknowledge_page = reverse("casework:missed_contact_acknowledge", args=[first.pk])
    assert leader.post(acknowledge_page, {"confirm": "on"}).status_code == 302
    assert len(practitioner.get(api).json()) == 2


def test_caseloads_show_reasons_without_a_query_per_case(world, client_for):
    from django.db import connection  # noqa: PLC0415 — only this test counts queries
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    def counts():
        found = []
        for persona, name in (
            ("teamleader_a", "casework:team_caseload"),
            ("practitioner_a", "casework:my_caseload"),
        ):
            client = client_for(world.users[persona])
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name)).status_code == 200
            found.append(len(captured))
        return found

    def one_with_a_reason():
        case = _overdue_case(world)
        missed_contact_record(
            actor=world.users["practitioner_a"],
            case=case,
            reason=MissedContactReason.Reason.DETENTION,
        )

    one_with_a_reason()
    one = counts()
    for _ in range(4):
        one_with_a_reason()
    assert counts() == one
    leader = client_for(world.users["teamleader_a"])
    assert "in detention" in leader.get(reverse("casework:team_caseload")).content.decode()
