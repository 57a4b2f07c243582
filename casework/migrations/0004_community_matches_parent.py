"""On PostgreSQL every casework row's community equals its parent record's.

The community fence filters on each table's own ``community_id``; a contact filed under
another community than its case would cross the fence. The services set the community
from the parent; this trigger refuses any write that does not, whoever makes it.
"""

from django.db import migrations

# (table, foreign key column, parent table)
LINKS = [
    ("casework_familymember", "family_id", "casework_family"),
    ("casework_familymember", "child_id", "casework_child"),
    ("casework_case", "child_id", "casework_child"),
    ("casework_case", "family_id", "casework_family"),
    ("casework_riskassessment", "case_id", "casework_case"),
    ("casework_safetythreat", "assessment_id", "casework_riskassessment"),
    ("casework_careplan", "case_id", "casework_case"),
    ("casework_careplanaction", "care_plan_id", "casework_careplan"),
    ("casework_returnvisit", "case_id", "casework_case"),
    ("casework_contact", "case_id", "casework_case"),
    ("casework_contact", "child_id", "casework_child"),
    ("casework_contact", "return_visit_id", "casework_returnvisit"),
    ("casework_contactamendment", "contact_id", "casework_contact"),
    ("casework_referral", "case_id", "casework_case"),
    ("casework_casetask", "case_id", "casework_case"),
]

FUNCTION = """
CREATE OR REPLACE FUNCTION casework_community_matches_parent() RETURNS trigger AS $$
DECLARE
    parent_id bigint := (to_jsonb(NEW) ->> TG_ARGV[1])::bigint;
    parent_community bigint;
BEGIN
    IF parent_id IS NULL THEN
        RETURN NEW;
    END IF;
    EXECUTE format('SELECT community_id FROM %I WHERE id = $1', TG_ARGV[0])
        INTO parent_community USING parent_id;
    IF parent_community IS DISTINCT FROM NEW.community_id THEN
        RAISE EXCEPTION '%: community % differs from its % record''s community %',
            TG_TABLE_NAME, NEW.community_id, TG_ARGV[0], parent_community
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def _trigger_name(table, column):
    return f"{table}_{column}_community"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, column, parent in LINKS:
        schema_editor.execute(
            f"CREATE TRIGGER {_trigger_name(table, column)} BEFORE INSERT OR UPDATE OF "
            f"community_id, {column} ON {table} FOR EACH ROW EXECUTE FUNCTION "
            f"casework_community_matches_parent('{parent}', '{column}');",
            params=None,
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, _parent in LINKS:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {_trigger_name(table, column)} ON {table};", params=None
        )
    schema_editor.execute("DROP FUNCTION IF EXISTS casework_community_matches_parent();", params=None)


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_contacts_never_deleted")]
    operations = [migrations.RunPython(forwards, backwards)]
