"""Who may do what in casework: each predicate for someone who may, someone in the same
community without the role, someone in another community, and the product itself."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework import permissions, services
from casework.models import Case
from core.actors import system_actor
from tests.factories import CaseFactory, CaseTaskFactory, ChildFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SEEDER = system_actor("test:seeder")


def test_casework_roles_work_cases_only_in_their_own_community(world):
    a, b = world.community_a.pk, world.community_b.pk
    for name in ("practitioner_a", "teamleader_a"):
        user = world.users[name]
        assert permissions.may_read_casework(user)
        assert permissions.may_work_cases_in(user, a)
        assert not permissions.may_work_cases_in(user, b)
    for name in ("coordinator_a", "oversight_member", "cochair", "administrator", "nobody"):
        user = world.users[name]
        assert not permissions.may_read_casework(user)
        assert not permissions.may_work_cases_in(user, a)
    assert not permissions.may_work_cases_in(None, a)


def test_only_a_team_leader_of_the_community_decides(world):
    case = CaseFactory(child__community=world.community_a, status=Case.Status.CLOSURE_REQUESTED)
    task = CaseTaskFactory(case=case)
    assert permissions.leads_team_in(world.teamleader_a, world.community_a.pk)
    assert permissions.leads_any_team(world.teamleader_a)
    assert permissions.may_decide_closure(world.teamleader_a, case)
    assert permissions.may_decide_task(world.teamleader_a, task)
    for name in ("practitioner_a", "coordinator_a", "teamleader_b", "administrator"):
        user = world.users[name]
        assert not permissions.may_decide_closure(user, case), name
        assert not permissions.may_decide_task(user, task), name
    with pytest.raises(PermissionDenied):
        permissions.require_decide_closure(world.practitioner_a, case)


def test_the_product_itself_works_cases_but_never_decides_or_reads_pages(world):
    case = CaseFactory(child__community=world.community_a, status=Case.Status.CLOSURE_REQUESTED)
    assert permissions.may_work_cases_in(SEEDER, world.community_a.pk)
    assert permissions.may_work_cases_in(SEEDER, world.community_b.pk)
    assert not permissions.may_read_casework(SEEDER)
    assert not permissions.may_decide_closure(SEEDER, case)
    assert not permissions.is_person(SEEDER)


def test_no_service_runs_without_an_actor(world):
    case = CaseFactory(child__community=world.community_a)
    with pytest.raises(PermissionDenied):
        services.child_create(
            actor=None,
            community=world.community_a,
            given_name="Synthetic",
            family_name="Nobody",
            date_of_birth=datetime.date(2018, 1, 1),
            gender="not_stated",
            aboriginal_status="not_stated",
        )
    with pytest.raises(PermissionDenied):
        services.contact_log(
            actor=None, case=case, occurred_at=timezone.now(), kind="f2f_practitioner"
        )
    with pytest.raises(PermissionDenied):
        services.referral_update(actor=None, referral=None)


def test_a_system_actor_registers_a_child_but_logs_no_contact(world):
    child = services.child_create(
        actor=SEEDER,
        community=world.community_a,
        given_name="Synthetic",
        family_name="Seeded",
        date_of_birth=datetime.date(2018, 1, 1),
        gender="not_stated",
        aboriginal_status="not_stated",
    )
    event = AuditEvent.objects.get(object_type="casework.child", object_id=str(child.pk))
    assert event.actor is None
    assert event.system_actor == "test:seeder"
    case = services.case_open_in_care(
        actor=SEEDER, child=child, practitioner=world.practitioner_a, opened_on=TODAY
    )
    with pytest.raises(PermissionDenied, match="person"):
        services.contact_log(
            actor=SEEDER, case=case, occurred_at=timezone.now(), kind="f2f_practitioner"
        )
    # The practitioner must be a person who works there, not the product.
    other = ChildFactory(community=world.community_a)
    with pytest.raises(ValidationError) as error:
        services.case_open_in_care(actor=SEEDER, child=other, practitioner=None, opened_on=TODAY)
    assert "practitioner" in error.value.message_dict


def test_updates_change_only_what_is_given(world):
    case = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        dfv_risk=True,
    )
    services.case_update(actor=world.practitioner_a, case=case, youth_justice_involved=True)
    with scopes_disabled():
        case.refresh_from_db()
    assert case.youth_justice_involved and case.dfv_risk
    assert case.team_leader == world.teamleader_a
    services.case_update(actor=world.practitioner_a, case=case, team_leader=None)
    with scopes_disabled():
        case.refresh_from_db()
    assert case.team_leader is None  # None is a value: no team leader
    assert case.practitioner == world.practitioner_a
