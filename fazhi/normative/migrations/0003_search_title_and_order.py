"""Search index, second layout (ADR 0010): grams-only whole-document index walked newest
first, plus a small title index for ranking.

SQLite: FTS5 `normative_search(t, b)` and `normative_search_title(w, g)`, sharing rowids
through `normative_search_doc`. PostgreSQL: `normative_search` with a gram `tsv`, a title
`title_tsv` (GIN each) and `seq`, the index order (btree). Existing documents are
re-indexed, oldest publication first.
"""

from django.db import migrations

TOKENIZE = "tokenize='unicode61 remove_diacritics 0'"
SQLITE = [
    "DROP TABLE IF EXISTS normative_search_doc",
    "DROP TABLE IF EXISTS normative_search",
    f"CREATE VIRTUAL TABLE normative_search USING fts5(t, b, content='', {TOKENIZE})",
    f"CREATE VIRTUAL TABLE normative_search_title USING fts5(w, g, content='', {TOKENIZE})",
    "CREATE TABLE normative_search_doc (document_id integer PRIMARY KEY, "
    "digest varchar(40) NOT NULL, fts_rowid integer NOT NULL UNIQUE)",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS normative_search_doc", "DROP TABLE IF EXISTS normative_search",
               "DROP TABLE IF EXISTS normative_search_title"]
POSTGRES = [
    "DROP TABLE IF EXISTS normative_search",
    "CREATE TABLE normative_search (document_id integer PRIMARY KEY, "
    "digest varchar(40) NOT NULL, seq bigserial NOT NULL, tsv tsvector NOT NULL, "
    "title_tsv tsvector NOT NULL)",
    # No pending list: documents are written rarely and searched often, and a pending
    # list of a bulk load is scanned by every query until VACUUM merges it.
    "CREATE INDEX normative_search_tsv ON normative_search USING gin (tsv) "
    "WITH (fastupdate = off)",
    "CREATE INDEX normative_search_title_tsv ON normative_search USING gin (title_tsv) "
    "WITH (fastupdate = off)",
    "CREATE INDEX normative_search_seq ON normative_search (seq)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS normative_search"]


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def create(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES if pg else SQLITE)
    from fazhi.normative import search

    search.rebuild()


def drop(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES_DROP if pg else SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("normative", "0002_search_index")]
    operations = [migrations.RunPython(create, drop)]
