"""One history for every edit: plans, referrals, tasks and themes keep theirs, the
database refuses to change or delete it, and the history page is audited as a read."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework import services
from casework.models import CarePlan, RecordChange
from core.actors import system_actor
from escalations import services as escalations
from tests.factories import CaseFactory, CaseTaskFactory, ReferralFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_care_plan_referral_and_task_edits_keep_their_history(world):
    case = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    plan = CarePlan.objects.create(
        community=case.community,
        case=case,
        review_due_on=TODAY + datetime.timedelta(days=30),
        created_by=world.practitioner_a,
        goals="Stay at school",
    )
    services.care_plan_update(
        actor=world.practitioner_a, care_plan=plan, goals="Finish year 10", reason="Review"
    )
    referral = ReferralFactory(case=case)
    services.referral_update(actor=world.practitioner_a, referral=referral, status="accepted")
    task = CaseTaskFactory(case=case)
    services.case_task_decide(actor=world.teamleader_a, task=task, decision="No further action")
    with scopes_disabled():
        kinds = set(
            RecordChange.objects.filter(child=case.child).values_list("record_type", flat=True)
        )
    assert kinds == {"casework.careplan", "casework.referral", "casework.casetask"}


def test_a_system_actor_is_named_in_the_history(world):
    case = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    services.case_update(actor=system_actor("test:loader"), case=case, dfv_risk=True)
    with scopes_disabled():
        change = RecordChange.objects.get()
    assert change.changed_by is None and change.system_actor == "test:loader"
    assert change.who == "test:loader"


def test_the_database_keeps_the_history(world):
    case = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    services.case_update(actor=world.practitioner_a, case=case, dfv_risk=True)
    with scopes_disabled():
        change = RecordChange.objects.get()
    for statement in (
        "DELETE FROM casework_recordchange WHERE id = %s",
        "UPDATE casework_recordchange SET reason = 'x' WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="history is kept"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [change.pk])
    with pytest.raises(PermissionError):
        change.delete()


def test_theme_edit_records_history_with_its_reason(world):
    theme = ThemeFactory(community=world.community_a, created_by=world.coordinator_a)
    with scopes_disabled():
        child_ids = [link.child_id for link in theme.links.all() if link.child_id]
    escalations.theme_update(
        actor=world.coordinator_a,
        theme=theme,
        title="A new title",
        category=theme.category,
        description=theme.description,
        identified_on=theme.identified_on,
        status=theme.status,
        child_ids=child_ids,
        family_ids=[],
        reason="Agreed at the meeting",
    )
    with scopes_disabled():
        change = RecordChange.objects.get(record_type="escalations.theme")
    assert change.reason == "Agreed at the meeting"
    assert change.new_values["title"] == "A new title"


def test_history_page_shows_before_and_after_and_is_audited(world, client_for):
    case = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    services.case_update(
        actor=world.practitioner_a, case=case, dfv_risk=True, reason="Disclosure at school"
    )
    client = client_for(world.practitioner_a)
    page = client.get(reverse("casework:child_history", args=[case.child_id])).content.decode()
    assert "Disclosure at school" in page and "Yes" in page and "No" in page
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.READ, child_id=case.child_id, detail__page="history"
    ).exists()


def test_history_page_queries_do_not_grow_with_changes(
    world, client_for, django_assert_max_num_queries
):
    case = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    client = client_for(world.practitioner_a)
    url = reverse("casework:child_history", args=[case.child_id])
    services.case_update(actor=world.practitioner_a, case=case, dfv_risk=True)
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    for n in range(19):
        services.case_update(
            actor=world.practitioner_a, case=case, youth_justice_officer=f"Officer {n}"
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('id="change-') == 20
