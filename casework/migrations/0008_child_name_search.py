"""Finding a child by name at the national tier: a trigram index over the names, accents
and case folded (PostgreSQL only; the embedded SQLite demo searches without an index).

``unaccent`` is only STABLE (its dictionary could change), so an index cannot call it
directly: ``cwsp_child_search_text`` wraps it as IMMUTABLE with the dictionary named,
the usual way to index unaccented text. ``casework.search`` calls the same function, so
the planner matches the index expression.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION cwsp_child_search_text(
    given text, family text, preferred text, alternative text
) RETURNS text AS $$
    SELECT public.unaccent('public.unaccent'::regdictionary,
        lower(concat_ws(' ', given, family, preferred, alternative)))
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
"""

INDEX = """
CREATE INDEX IF NOT EXISTS child_name_search_trgm_idx ON casework_child
USING gin (cwsp_child_search_text(given_name, family_name, preferred_name, alternative_names)
           gin_trgm_ops)
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS child_name_search_trgm_idx")
    schema_editor.execute("DROP FUNCTION IF EXISTS cwsp_child_search_text(text, text, text, text)")


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0007_child_alternative_names"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(forwards, backwards),
    ]
