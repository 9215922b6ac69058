"""PostgreSQL: store a plan's frozen artefacts uncompressed (STORAGE EXTERNAL).

A city-wide directory snapshot is about 30 MB of text written once at the freeze and read
at the draw; pglz compression and decompression of it cost more time than the space is
worth. Nothing to do on SQLite.
"""

from django.db import migrations

COLUMNS = ("directory_file", "roster_file", "conflicts_file", "result_json", "teams_json")


def _storage(schema_editor, mode: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        for column in COLUMNS:
            cur.execute(f"ALTER TABLE inspections_plan ALTER COLUMN {column} SET STORAGE {mode}")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_entity_directory_index")]
    operations = [migrations.RunPython(lambda apps, se: _storage(se, "EXTERNAL"),
                                       lambda apps, se: _storage(se, "EXTENDED"))]
