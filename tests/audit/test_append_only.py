"""The audit table refuses UPDATE, DELETE and TRUNCATE; only the retention purge deletes."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_purge_older_than, audit_read_child, audit_record
from core.actors import system_actor

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger under test is PostgreSQL's"
)
REFUSED = (InternalError, ProgrammingError, IntegrityError)


def _event(**kwargs) -> AuditEvent:
    return audit_record(
        actor=system_actor("tests:audit"), action=AuditEvent.Action.READ, object_type="t", **kwargs
    )


def _old_event(days: int) -> int:
    """Insert an event ``days`` old directly (the model stamps the current time)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (occurred_at, action, object_type, object_id, detail) "
            "VALUES (%s, 'read', 'old', '', '{}') RETURNING id",
            [timezone.now() - datetime.timedelta(days=days)],
        )
        return cursor.fetchone()[0]


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'create'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
    ],
    ids=["update", "delete", "truncate"],
)
def test_postgres_refuses_changes(sql):
    _event()
    with (
        pytest.raises(REFUSED, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # Test databases let the test runner's TRUNCATE through; production ones never do.
        cursor.execute("SET LOCAL cwsp.audit_truncate_guard = 'on'")
        cursor.execute(sql)
    assert AuditEvent.objects.count() == 1


@postgres_only
def test_orm_update_and_delete_are_refused():
    event = _event()
    with pytest.raises(REFUSED), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="create")
    with pytest.raises(REFUSED), transaction.atomic():
        event.delete()


@postgres_only
def test_purge_flag_alone_does_not_open_the_table():
    old = _old_event(4000)
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL cwsp.audit_purge = 'on'")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [old])


@postgres_only
def test_purge_cannot_reach_the_last_year_even_with_both_settings():
    recent = _old_event(100)
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL cwsp.audit_purge = 'on'")
        cursor.execute("SELECT set_config('cwsp.audit_purge_before', %s, true)", ["2999-01-01"])
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [recent])


@postgres_only
def test_purge_settings_end_with_their_transaction():
    old = _old_event(4000)
    audit_purge_older_than(retention_days=3000)
    assert not AuditEvent.objects.filter(pk=old).exists()
    again = _old_event(4000)
    with pytest.raises(REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [again])


def test_purge_command_deletes_only_rows_past_retention(settings):
    settings.CWSP_AUDIT_RETENTION_DAYS = 2555
    expired = _old_event(2556)
    kept_old = _old_event(2554)
    kept_new = _event().pk
    call_command("purge_audit_log", verbosity=0)
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert expired not in remaining
    assert {kept_old, kept_new} <= remaining


def test_purge_refuses_a_retention_under_a_year():
    with pytest.raises(CommandError, match="at least 365 days"):
        call_command("purge_audit_log", "--days", "30", verbosity=0)


def test_retention_default_is_about_seven_years(settings):
    assert settings.CWSP_AUDIT_RETENTION_DAYS == 2555


def test_audit_read_child_records_ids_only(world, rf):
    request = rf.get("/casework/children/7/", REMOTE_ADDR="10.5.5.5")
    event = audit_read_child(
        actor=world.practitioner_a,
        child_id=7,
        community_id=world.community_a.pk,
        request=request,
        what="child_detail",
    )
    event.refresh_from_db()
    assert event.action == "read"
    assert event.actor_id == world.practitioner_a.pk
    assert (event.child_id, event.community_id) == (7, world.community_a.pk)
    assert event.object_type == "casework.child" and event.object_id == "7"
    assert event.detail == {"what": "child_detail"}
    assert event.remote_addr == "10.5.5.5"
