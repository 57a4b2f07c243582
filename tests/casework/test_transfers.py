"""Transferring a child's record: the move in one transaction, who keeps access, what refuses."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework.models import (
    CarePlan,
    CarePlanAction,
    Case,
    CaseCadence,
    CaseTask,
    Child,
    ChildReadGrant,
    ChildTransfer,
    ChildUserObjectPermission,
    Contact,
    ContactAmendment,
    Family,
    FamilyMember,
    MissedContactReason,
    RecordChange,
    Referral,
    ReturnVisit,
    RiskAssessment,
    SafetyThreat,
)
from casework.services import transfers
from core.errors import Conflict
from escalations.models import ThemeLink
from notifications.models import ContactReminder, Notification
from tests.factories import CaseFactory, ChildFactory, FamilyFactory

from .transfer_helpers import full_record, jobs, move, propose

__all__ = ["jobs"]

pytestmark = pytest.mark.django_db

# Every table holding a part of the child's record, and how to find the child's rows.
RECORD_TABLES = {
    Child: "pk",
    Case: "child_id",
    RiskAssessment: "case__child_id",
    SafetyThreat: "assessment__case__child_id",
    CarePlan: "case__child_id",
    CarePlanAction: "care_plan__case__child_id",
    ReturnVisit: "case__child_id",
    Contact: "child_id",
    ContactAmendment: "contact__child_id",
    Referral: "case__child_id",
    CaseTask: "case__child_id",
    FamilyMember: "child_id",
    RecordChange: "child_id",
    CaseCadence: "case__child_id",
    MissedContactReason: "case__child_id",
}

# Tables with a community that are not part of one child's record: a Partnership's rules,
# the households (moved or copied, tested below), the transfers and grants themselves.
NOT_A_CHILDS_RECORD = {"CadenceRule", "Family", "ChildTransfer", "ChildReadGrant"}


def test_every_casework_table_with_a_community_is_moved_or_said_not_to_be():
    """A new table of the child's record cannot be left behind by a transfer unnoticed."""
    with_community = {
        model.__name__
        for model in apps.get_app_config("casework").get_models()
        if any(f.name == "community" for f in model._meta.fields)
    }
    listed = {model.__name__ for model in RECORD_TABLES} | NOT_A_CHILDS_RECORD
    assert with_community <= listed, with_community - listed


def test_the_whole_record_moves_and_no_row_is_left_in_the_old_community(world):
    child, case = full_record(world)
    transfer = move(world, child)
    assert transfer.status == ChildTransfer.Status.ACCEPTED
    with scopes_disabled():
        for model, lookup in RECORD_TABLES.items():
            rows = model.objects.filter(**{lookup: child.pk})
            assert rows.exists(), model
            left = rows.exclude(community=world.community_b)
            assert not left.exists(), f"{model.__name__} rows left behind"
        # The household belonged to this child alone: it moved too, with its adults.
        family = Family.objects.get(pk=case.family_id)
        assert family.community_id == world.community_b.pk
        assert not FamilyMember.objects.filter(family=family, community=world.community_a).exists()
        assert transfer.moved_rows["contacts"] == 1


def test_the_six_week_clock_carries_on_and_the_receiving_staff_take_the_case(world):
    child, case = full_record(world)
    last_seen, due = case.last_face_to_face_on, case.next_contact_due_on
    assert last_seen and due
    move(world, child)
    with scopes_disabled():
        moved = Case.objects.get(pk=case.pk)
        task = CaseTask.objects.get(case=case)
    assert (moved.last_face_to_face_on, moved.next_contact_due_on) == (last_seen, due)
    assert moved.practitioner == world.practitioner_b
    assert moved.team_leader == world.teamleader_b
    assert task.assigned_to == world.teamleader_b


def test_a_household_shared_with_a_sibling_who_stays_is_copied_not_moved(world):
    child, case = full_record(world)
    sibling = ChildFactory(community=world.community_a, given_name="Sib")
    FamilyMember.objects.create(
        family=case.family, community=world.community_a, child=sibling, relationship="child"
    )
    move(world, child)
    with scopes_disabled():
        old = Family.objects.get(pk=case.family_id)
        moved_case = Case.objects.get(pk=case.pk)
        copy = moved_case.family
        assert old.community_id == world.community_a.pk
        assert list(old.members.filter(child__isnull=False).values_list("child", flat=True)) == [
            sibling.pk
        ]
        assert copy.pk != old.pk and copy.community_id == world.community_b.pk
        assert copy.name == old.name
        assert set(copy.members.values_list("person_name", "child")) == {
            ("Mary T.", None),
            ("", child.pk),
        }


def test_themes_stay_with_their_community_and_still_count_the_child(world):
    child, _ = full_record(world)
    move(world, child)
    with scopes_disabled():
        link = ThemeLink.objects.get(child=child)
    assert link.community_id == world.community_a.pk
    assert link.theme.community_id == world.community_a.pk


def test_the_move_is_audited_kept_on_the_history_and_both_team_leaders_hear(world, jobs):
    child, _ = full_record(world)
    with jobs():
        transfer = propose(world, child)
    with scopes_disabled():
        asked = Notification.objects.get(user=world.teamleader_b)
    assert asked.kind == Notification.Kind.TRANSFER_PROPOSED
    assert "J. T." in asked.message and "Jarrah" not in asked.message
    with jobs():
        transfers.transfer_accept(
            actor=world.teamleader_b, transfer=transfer, practitioner=world.practitioner_b
        )
    with scopes_disabled():
        told = set(
            Notification.objects.filter(kind=Notification.Kind.TRANSFER_DECIDED).values_list(
                "user__username", flat=True
            )
        )
        asked.refresh_from_db()
        change = RecordChange.objects.filter(child=child, record_type="casework.child").first()
    # Both team leaders, and the practitioner who takes the child on.
    assert told == {"teamleader.a", "teamleader.b", "practitioner.b"}
    assert asked.done_at is not None
    assert change.previous_values["community"]["id"] == world.community_a.pk
    assert change.new_values["community"]["id"] == world.community_b.pk
    assert change.reason == transfer.reason
    changes = AuditEvent.objects.filter(object_type="casework.childtransfer", child_id=child.pk)
    assert [e.detail["change"] for e in changes.order_by("id")] == ["proposed", "accepted"]


def test_sending_practitioner_and_team_leader_get_30_days_read_only(world, settings):
    child, _ = full_record(world)
    move(world, child)
    grants = ChildReadGrant.objects.filter(child=child)
    assert set(grants.values_list("user__username", flat=True)) == {
        "practitioner.a",
        "teamleader.a",
    }
    for grant in grants:
        assert grant.kind == ChildReadGrant.Kind.AFTER_TRANSFER
        days = (grant.expires_at - grant.granted_at).total_seconds() / 86400
        assert round(days) == settings.CWSP_TRANSFER_READ_ONLY_DAYS == 30
        assert ChildUserObjectPermission.objects.filter(user=grant.user, content_object=child)


@pytest.mark.parametrize(
    "problem",
    ["same_community", "no_case_records", "closure_pending", "no_reason"],
)
def test_bad_proposals_are_refused_with_the_reason_and_nothing_changes(world, problem):
    child, case = full_record(world)
    to = world.community_b
    reason = "Moved to family"
    if problem == "same_community":
        to = world.community_a
    elif problem == "no_case_records":
        to.partnership.keeps_case_records = False
        to.partnership.save()
    elif problem == "closure_pending":
        with scopes_disabled():
            Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSURE_REQUESTED)
    else:
        reason = "   "
    with pytest.raises(ValidationError) as refused:
        transfers.transfer_propose(
            actor=world.teamleader_a,
            child=child,
            to_community=to,
            reason=reason,
            moves_on=timezone.localdate(),
        )
    assert refused.value.messages
    assert not ChildTransfer.objects.exists()


def test_only_a_sending_team_leader_proposes_and_only_a_receiving_one_decides(world):
    child, _ = full_record(world)
    for actor in (world.practitioner_a, world.teamleader_b, world.coordinator_a):
        with pytest.raises(PermissionDenied):
            transfers.transfer_propose(
                actor=actor,
                child=child,
                to_community=world.community_b,
                reason="x",
                moves_on=timezone.localdate(),
            )
    transfer = propose(world, child)
    for actor in (world.teamleader_a, world.practitioner_b):
        with pytest.raises(PermissionDenied):
            transfers.transfer_accept(
                actor=actor, transfer=transfer, practitioner=world.practitioner_b
            )


def test_accepting_twice_is_refused_and_nothing_changes_the_second_time(world):
    child, _ = full_record(world)
    transfer = move(world, child)
    with pytest.raises(Conflict):
        transfers.transfer_accept(
            actor=world.teamleader_b, transfer=transfer, practitioner=world.teamleader_b
        )
    with pytest.raises(Conflict):
        transfers.transfer_decline(actor=world.teamleader_b, transfer=transfer, reason="No")
    transfer.refresh_from_db()
    assert transfer.status == ChildTransfer.Status.ACCEPTED
    assert transfer.receiving_practitioner == world.practitioner_b


def test_a_closure_requested_after_the_proposal_stops_the_acceptance(world):
    child, case = full_record(world)
    transfer = propose(world, child)
    with scopes_disabled():
        Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSURE_REQUESTED)
    with pytest.raises(ValidationError):
        transfers.transfer_accept(
            actor=world.teamleader_b, transfer=transfer, practitioner=world.practitioner_b
        )
    with scopes_disabled():
        assert Child.objects.get(pk=child.pk).community_id == world.community_a.pk
    transfer.refresh_from_db()
    assert transfer.is_waiting


def test_the_receiving_practitioner_works_on_cases_there(world):
    child, _ = full_record(world)
    transfer = propose(world, child)
    with pytest.raises(ValidationError):
        transfers.transfer_accept(
            actor=world.teamleader_b, transfer=transfer, practitioner=world.practitioner_a
        )
    with scopes_disabled():
        assert Child.objects.get(pk=child.pk).community_id == world.community_a.pk


def test_decline_needs_a_reason_and_leaves_the_record_where_it_is(world, jobs):
    child, _ = full_record(world)
    with jobs():
        transfer = propose(world, child)
    with pytest.raises(ValidationError):
        transfers.transfer_decline(actor=world.teamleader_b, transfer=transfer, reason=" ")
    with jobs():
        transfers.transfer_decline(
            actor=world.teamleader_b, transfer=transfer, reason="No placement here"
        )
    transfer.refresh_from_db()
    assert transfer.status == ChildTransfer.Status.DECLINED
    with scopes_disabled():
        assert Child.objects.get(pk=child.pk).community_id == world.community_a.pk
        told = Notification.objects.filter(kind=Notification.Kind.TRANSFER_DECIDED)
        assert world.teamleader_a.pk in set(told.values_list("user", flat=True))
    with scopes_disabled():
        asked = Notification.objects.get(kind=Notification.Kind.TRANSFER_PROPOSED)
    assert asked.done_at is not None
    # Declined, the child may be proposed again.
    assert propose(world, child).is_waiting


def test_a_second_proposal_while_one_waits_is_refused(world):
    child, _ = full_record(world)
    propose(world, child)
    with pytest.raises(ValidationError):
        propose(world, child)


def test_a_child_with_no_cases_moves_too(world):
    child = ChildFactory(community=world.community_a)
    move(world, child)
    with scopes_disabled():
        assert Child.objects.get(pk=child.pk).community_id == world.community_b.pk


def test_a_closed_case_keeps_its_practitioner(world):
    child = ChildFactory(community=world.community_a)
    closed = CaseFactory(
        child=child,
        practitioner=world.practitioner_a,
        status=Case.Status.CLOSED,
        closed_on=timezone.localdate(),
        opened_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    FamilyFactory(community=world.community_a)
    move(world, child)
    with scopes_disabled():
        closed.refresh_from_db()
    assert closed.community_id == world.community_b.pk
    assert closed.practitioner == world.practitioner_a


def test_reminders_and_notifications_follow_the_child(world):
    child, case = full_record(world)
    pending = ContactReminder.objects.create(
        community=world.community_a,
        case=case,
        threshold="due_soon",
        due_on=case.next_contact_due_on,
        recipient=world.practitioner_a,
        claimed_on=timezone.localdate(),
        kind=Notification.Kind.CONTACT_DUE_SOON,
        message="Due soon",
    )
    note = Notification.objects.create(
        user=world.practitioner_a,
        community=world.community_a,
        case_id=case.pk,
        kind=Notification.Kind.CONTACT_DUE_SOON,
        message="Due soon",
    )
    move(world, child)
    with scopes_disabled():
        pending.refresh_from_db()
        note.refresh_from_db()
    assert pending.community_id == world.community_b.pk
    assert pending.state == ContactReminder.State.CANCELLED
    assert note.community_id == world.community_b.pk and note.done_at is not None
