"""On PostgreSQL contacts and their amendments are never deleted, and amendments never change.

A correction to a contact is a new ContactAmendment that keeps what the contact said
before; the database refuses to lose either.
"""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION casework_contact_keep() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%: contacts and amendments are kept: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER casework_contact_no_delete
    BEFORE DELETE ON casework_contact
    FOR EACH ROW EXECUTE FUNCTION casework_contact_keep();
CREATE TRIGGER casework_contactamendment_no_update_delete
    BEFORE UPDATE OR DELETE ON casework_contactamendment
    FOR EACH ROW EXECUTE FUNCTION casework_contact_keep();
"""

ALLOW = """
DROP TRIGGER IF EXISTS casework_contact_no_delete ON casework_contact;
DROP TRIGGER IF EXISTS casework_contactamendment_no_update_delete ON casework_contactamendment;
DROP FUNCTION IF EXISTS casework_contact_keep();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW, params=None)


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_risk_assessment_imminent_removal")]
    operations = [migrations.RunPython(forwards, backwards)]
