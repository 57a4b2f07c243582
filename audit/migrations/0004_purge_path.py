"""The append-only trigger gains one sanctioned way to delete: the retention purge.

A DELETE passes only inside a transaction that set ``cwsp.audit_purge = 'on'`` and
``cwsp.audit_purge_before`` (both transaction-local, see audit.services), and only
for rows older than that cutoff and older than one year. UPDATE is still refused,
whoever asks, and so is TRUNCATE, except in Django's throwaway test databases
(named ``test_*``), which the test runner empties with TRUNCATE between
transactional tests; a test can still set ``cwsp.audit_truncate_guard = 'on'`` to
see the refusal there.
"""

from django.db import migrations

WITH_PURGE = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
DECLARE
    purge_before timestamptz;
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND current_database() LIKE 'test\\_%'
       AND COALESCE(current_setting('cwsp.audit_truncate_guard', true), '') <> 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' AND current_setting('cwsp.audit_purge', true) = 'on' THEN
        purge_before := NULLIF(current_setting('cwsp.audit_purge_before', true), '')::timestamptz;
        IF purge_before IS NOT NULL
           AND OLD.occurred_at < purge_before
           AND OLD.occurred_at < now() - interval '365 days' THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

WITHOUT_PURGE = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WITH_PURGE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WITHOUT_PURGE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_sqlite_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
