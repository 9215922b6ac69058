"""The full-text search index of normative documents (fazhi/normative/search.py).

Not a Django model: an FTS5 virtual table on SQLite, a tsvector table with a GIN index on
PostgreSQL; the DDL depends on the engine, so it runs in RunPython. Existing documents are
indexed by migration 0003, which replaced this layout.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE normative_search USING fts5("
    "title_w, title_g, body_w, body_g, content='', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TABLE normative_search_doc (document_id integer PRIMARY KEY, "
    "digest varchar(40) NOT NULL, fts_rowid integer NOT NULL UNIQUE)",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS normative_search_doc", "DROP TABLE IF EXISTS normative_search"]
POSTGRES = [
    "CREATE TABLE normative_search (document_id integer PRIMARY KEY, "
    "digest varchar(40) NOT NULL, tsv tsvector NOT NULL)",
    "CREATE INDEX normative_search_tsv ON normative_search USING gin (tsv)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS normative_search"]


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def create(apps, schema_editor):
    # Documents are indexed by 0003, which replaces these tables.
    pg = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES if pg else SQLITE)


def drop(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES_DROP if pg else SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("normative", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
