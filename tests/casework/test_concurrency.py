"""Double submissions do not duplicate, proved with real concurrent connections.

Each thread has its own database connection (Django opens one per thread) and commits
for real, so these tests need ``transaction=True`` and PostgreSQL's row locks.
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import services
from casework.models import Case, CaseTask, Child, RiskLevel
from config.celery import app
from tests.factories import CaseFactory, ChildFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

TODAY = timezone.localdate()


def run_together(count, work):
    """Run ``work()`` in ``count`` threads released at once; (results, refusals)."""
    barrier = threading.Barrier(count)
    results, refusals, failures = [], [], []

    def run():
        # Celery's current app is per thread: a new thread must be given the project's,
        # or the notifications the services enqueue by name are not found.
        app.set_current()
        try:
            barrier.wait()
            results.append(work())
        except ValidationError as error:
            refusals.append(error)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    return results, refusals


def test_four_concurrent_withdrawals_make_one_task(world):
    case = CaseFactory(
        child__community=world.community_a,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        risk_level=RiskLevel.HIGH,
        parents_agreed_on=TODAY - datetime.timedelta(days=30),
    )

    def withdraw():
        with scopes_disabled():
            mine = Case.objects.get(pk=case.pk)
        return services.parent_withdraw_agreement(
            actor=world.practitioner_a, case=mine, withdrawn_on=TODAY
        )

    results, refusals = run_together(4, withdraw)
    assert len(results) == 1 and results[0] is not None
    assert len(refusals) == 3
    assert all("already recorded" in str(error) for error in refusals)
    with scopes_disabled():
        assert CaseTask.objects.filter(case=case).count() == 1


def test_two_concurrent_openings_make_one_case(world):
    child = ChildFactory(community=world.community_a)

    def open_case():
        with scopes_disabled():
            mine = Child.objects.get(pk=child.pk)
        return services.case_open_in_care(
            actor=world.practitioner_a,
            child=mine,
            practitioner=world.practitioner_a,
            opened_on=TODAY,
        )

    results, refusals = run_together(2, open_case)
    assert len(results) == 1
    assert len(refusals) == 1
    assert "already has an open Child in care case" in str(refusals[0])
    with scopes_disabled():
        assert Case.objects.filter(child=child).count() == 1


def test_the_constraint_refuses_a_second_open_case_with_a_message(world):
    """Without the service's check, the partial unique constraint still holds."""
    case = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    with pytest.raises(ValidationError, match="already has an open"):
        services.case_open_in_care(
            actor=world.practitioner_a,
            child=case.child,
            practitioner=world.practitioner_a,
            opened_on=TODAY,
        )
    # A closed case does not count: a new one may open.
    with scopes_disabled():
        Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=TODAY)
    services.case_open_in_care(
        actor=world.practitioner_a,
        child=case.child,
        practitioner=world.practitioner_a,
        opened_on=TODAY,
    )
