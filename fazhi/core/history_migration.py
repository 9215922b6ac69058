"""SQL used by the migrations that moved every history into core.Event (ADR 0018).

The old tables (cases_caseevent, lottery_lotteryevent, inspections_planevent,
reporting_auditevent) are copied row for row, in id order, as format-1 events (no state):
their v1 hashes are kept, so every published checkpoint stays valid. Case events keep their ids
(the checkpoints fold events in id order and name ids); the others are appended after
them. Frozen with the migrations that call it: do not change what it does.
"""

from django.core.management.color import no_style

TARGET = "core_event"
COLUMNS = ("kind", "owner_id", "seq", "action", "actor", "actor_kind", "actor_user_id", "at",
           "payload", "state", "prev_hash", "hash")


def copy_events(schema_editor, source: str, *, kind: str, owner: str, keep_ids: bool = False,
                actor_kind: str = "actor_kind", actor_user_id: str = "actor_user_id") -> None:
    """Copy `source` into core_event (SQL expressions for the kind, owner and actor columns)."""
    values = (kind, owner, "seq", "action", "actor", actor_kind, actor_user_id, "at",
              "payload", "''", "prev_hash", "hash")
    names = ("id", *COLUMNS) if keep_ids else COLUMNS
    picked = ("id", *values) if keep_ids else values
    _execute(schema_editor, f"INSERT INTO {TARGET} ({', '.join(names)}) "
                            f"SELECT {', '.join(picked)} FROM {source} ORDER BY id")


def copy_back(schema_editor, target: str, columns: tuple[str, ...], picked: tuple[str, ...],
              kind_condition: str) -> None:
    """Reverse of copy_events: the v1 events of these kinds back to their old table."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TARGET} WHERE {kind_condition} AND state <> ''")
        if cursor.fetchone()[0]:
            raise RuntimeError("events written in format 2 (with state) cannot be moved back "
                               "to the old history tables")
    _execute(schema_editor, f"INSERT INTO {target} ({', '.join(columns)}) "
                            f"SELECT {', '.join(picked)} FROM {TARGET} WHERE {kind_condition} "
                            "ORDER BY id")
    _execute(schema_editor, f"DELETE FROM {TARGET} WHERE {kind_condition}")


def set_heads(schema_editor, table: str, kind: str) -> None:
    """An owner's event_count and head_hash from its newest copied event."""
    newest = (f"FROM {TARGET} e WHERE e.kind = '{kind}' AND e.owner_id = {table}.id "
              "ORDER BY e.seq DESC LIMIT 1")
    _execute(schema_editor, f"UPDATE {table} SET event_count = COALESCE((SELECT e.seq {newest}), 0),"
                            f" head_hash = COALESCE((SELECT e.hash {newest}), '')")


def reset_sequences(schema_editor, *models) -> None:
    """After rows were inserted with explicit ids (PostgreSQL's sequences do not follow)."""
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
        _execute(schema_editor, sql)


def _execute(schema_editor, sql: str) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)
