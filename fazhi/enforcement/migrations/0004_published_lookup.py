"""Indexes for the public lookup of published penalty decisions (ADR 0043).

A name or decision number *contains* the text looked up: a full scan of every published
decision without these (≈ 1,000,000 a city in a few years). Not Django indexes: the DDL
depends on the engine, so it runs in RunPython —
- SQLite: an FTS5 table with the trigram tokenizer over the decision table (external
  content, kept by triggers), matched as a phrase;
- PostgreSQL: pg_trgm GIN indexes on UPPER(column), the expression Django's `icontains`
  compares, so `icontains` itself walks them.
"""

from django.db import migrations

TABLE = "enforcement_publisheddecision"
FTS = "enforcement_decision_fts"
SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(party_name, decision_no, content='{TABLE}', "
    "content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, party_name, decision_no) "
    "VALUES (new.id, new.party_name, new.decision_no); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, party_name, decision_no) "
    "VALUES ('delete', old.id, old.party_name, old.decision_no); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF party_name, decision_no ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, party_name, decision_no) "
    "VALUES ('delete', old.id, old.party_name, old.decision_no); "
    f"INSERT INTO {FTS}(rowid, party_name, decision_no) "
    "VALUES (new.id, new.party_name, new.decision_no); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {FTS}_{t}" for t in ("ai", "ad", "au")] + [
    f"DROP TABLE IF EXISTS {FTS}"]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX enforcement_decision_name_trgm ON {TABLE} "
    "USING gin ((UPPER(party_name::text)) gin_trgm_ops)",
    f"CREATE INDEX enforcement_decision_no_trgm ON {TABLE} "
    "USING gin ((UPPER(decision_no::text)) gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS enforcement_decision_name_trgm",
                 "DROP INDEX IF EXISTS enforcement_decision_no_trgm"]


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def create(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES if pg else SQLITE)


def drop(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES_DROP if pg else SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0003_records")]
    operations = [migrations.RunPython(create, drop)]
