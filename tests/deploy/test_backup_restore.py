"""A backup restores into a fresh database with every record, the report files and an
intact, still append-only audit log."""

from __future__ import annotations

import hashlib
import uuid

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import system_actor
from tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _connect(dbname: str) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        host=s.get("HOST") or "127.0.0.1",
        port=s.get("PORT") or 5432,
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        autocommit=True,
    )


def _row_counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


@pytest.fixture
def fresh_database():
    if connection.vendor != "postgresql":
        pytest.skip("backups are PostgreSQL dumps")
    name = f"cwsp_restore_{uuid.uuid4().hex[:8]}"
    with _connect("postgres") as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_every_record_file_and_audit_event(world, tmp_path, fresh_database):
    case = CaseFactory(child__community=world.community_a)
    ContactFactory(case=case)
    pdf = b"%PDF-1.7 quarterly report " + uuid.uuid4().bytes
    stored_name = default_storage.save("reports/2026-27-Q1/v1-report.pdf", ContentFile(pdf))
    audit_record(actor=system_actor("test:backup"), action=AuditEvent.Action.READ, obj=case)
    audit_record(actor=world.users["practitioner_a"], action=AuditEvent.Action.UPDATE, obj=case)

    dump = tmp_path / "cwsp.dump"
    call_command("backup_database", str(dump))
    assert dump.stat().st_size > 0
    call_command("restore_database", str(dump), "--into", fresh_database)

    with _connect(connection.settings_dict["NAME"]) as source, _connect(fresh_database) as copy:
        assert _row_counts(copy) == _row_counts(source)
        content = copy.execute(
            "SELECT content FROM core_storedfile WHERE name = %s", [stored_name]
        ).fetchone()[0]
        assert hashlib.sha256(content).digest() == hashlib.sha256(pdf).digest()
        events = copy.execute(
            "SELECT system_actor, actor_id, action FROM audit_auditevent ORDER BY id"
        ).fetchall()
        assert ("test:backup", None, "read") in events
        # The restored log is still append-only.
        with pytest.raises(psycopg.Error):
            copy.execute("UPDATE audit_auditevent SET action = 'read'")


def test_restore_refuses_a_database_that_is_not_empty(world, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backups are PostgreSQL dumps")
    dump = tmp_path / "cwsp.dump"
    call_command("backup_database", str(dump))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_database", str(dump), "--into", connection.settings_dict["NAME"])


def test_a_damaged_backup_is_refused(tmp_path, fresh_database, db):
    if connection.vendor != "postgresql":
        pytest.skip("backups are PostgreSQL dumps")
    dump = tmp_path / "cwsp.dump"
    call_command("backup_database", str(dump))
    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore_database", str(dump), "--into", fresh_database)
