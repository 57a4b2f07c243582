"""Kept rows (contact amendments, a record's history) may change community, and nothing else.

Amendments and history rows are never edited or deleted (migrations 0003 and 0010). A
child's record moving to another community (a transfer) must take them along, or they
would stay behind the old community's fence: an UPDATE that changes ``community_id`` and
no other column is let through. Any other UPDATE, and every DELETE, is still refused.
"""

from django.db import migrations

FOLLOW = """
CREATE OR REPLACE FUNCTION casework_contact_keep() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'community_id') = (to_jsonb(OLD) - 'community_id')
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '%: contacts and amendments are kept: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION casework_history_keep() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'community_id') = (to_jsonb(OLD) - 'community_id')
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '%: a record''s history is kept: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

STILL = """
CREATE OR REPLACE FUNCTION casework_contact_keep() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%: contacts and amendments are kept: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION casework_history_keep() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%: a record''s history is kept: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FOLLOW, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STILL, params=None)


class Migration(migrations.Migration):
    dependencies = [("casework", "0012_child_transfers_and_read_grants")]
    operations = [migrations.RunPython(forwards, backwards)]
