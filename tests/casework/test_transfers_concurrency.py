"""Two decisions on one transfer at the same moment give one outcome (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework.models import Child, ChildReadGrant, ChildTransfer, RecordChange
from casework.services import transfers
from config.celery import app
from core.errors import Conflict

from .transfer_helpers import full_record, propose

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL"),
]


def _race(*actions):
    """Run the actions in threads released at the same moment; what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            results[i] = action()
        except Exception as error:  # noqa: BLE001 — the outcome is what is compared
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.fixture
def eager():
    was = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = was


def test_two_acceptances_move_the_record_once(world, eager):
    child, _ = full_record(world)
    transfer = propose(world, child)

    def accept():
        return transfers.transfer_accept(
            actor=world.teamleader_b, transfer=transfer, practitioner=world.practitioner_b
        )

    results = _race(accept, accept)
    assert sorted(type(r).__name__ for r in results) == ["ChildTransfer", "Conflict"]
    transfer.refresh_from_db()
    assert transfer.status == ChildTransfer.Status.ACCEPTED
    with scopes_disabled():
        assert Child.objects.get(pk=child.pk).community_id == world.community_b.pk
        moves = RecordChange.objects.filter(child=child, record_type="casework.child")
        assert moves.count() == 2  # the test's own earlier change, and one move
    assert ChildReadGrant.objects.filter(child=child).count() == 2
    accepted = AuditEvent.objects.filter(detail__change="accepted", child_id=child.pk)
    assert accepted.count() == 1


def test_an_acceptance_and_a_decline_at_once_give_one_outcome(world, eager):
    child, _ = full_record(world)
    transfer = propose(world, child)
    results = _race(
        lambda: transfers.transfer_accept(
            actor=world.teamleader_b, transfer=transfer, practitioner=world.practitioner_b
        ),
        lambda: transfers.transfer_decline(
            actor=world.teamleader_b, transfer=transfer, reason="No placement here"
        ),
    )
    assert sum(isinstance(r, Conflict) for r in results) == 1
    assert sum(isinstance(r, ChildTransfer) for r in results) == 1
    transfer.refresh_from_db()
    with scopes_disabled():
        where = Child.objects.get(pk=child.pk).community_id
    if transfer.status == ChildTransfer.Status.ACCEPTED:
        assert where == world.community_b.pk
    else:
        assert transfer.status == ChildTransfer.Status.DECLINED
        assert where == world.community_a.pk
        assert not ChildReadGrant.objects.exists()
