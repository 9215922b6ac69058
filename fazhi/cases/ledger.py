"""Ledger checks over the database: streaming verification and global checkpoints."""

from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import Max

from fazhi.cases.models import Case, CaseEvent, LedgerCheckpoint
from fazhi.law.ledger import GENESIS, ChainVerifier, Problem, fold_root

CHUNK = 20000
_EVENT_COLUMNS = "id, case_id, seq, action, actor, at, payload, prev_hash, hash"


def _event_rows(after_id: int, upto_id: int | None = None) -> Iterator[tuple]:
    """Events in id order, streamed with bounded memory.

    SQLite streams one scan with fetchmany (a single statement reads one consistent
    snapshot in WAL mode); PostgreSQL's client cursor would buffer the whole result, so
    there we read keyset pages instead."""
    table = CaseEvent._meta.db_table
    upper = "" if upto_id is None else f" AND id <= {int(upto_id)}"
    sql = f"SELECT {_EVENT_COLUMNS} FROM {table} WHERE id > %s{upper} ORDER BY id"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(sql, [after_id])
            while rows := cursor.fetchmany(CHUNK):
                yield from rows
            return
        last = after_id
        while True:
            cursor.execute(f"{sql} LIMIT {CHUNK}", [last])
            rows = cursor.fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]


def verify(progress=None) -> tuple[int, list[Problem]]:
    """Check every chain, every case head and every checkpoint. Returns (events, problems)."""
    max_case = Case.objects.aggregate(m=Max("id"))["m"] or 0
    verifier = ChainVerifier(max_case)
    problems: list[Problem] = []
    after = 0
    checkpoints = list(LedgerCheckpoint.objects.order_by("upto_event_id")
                       .values_list("upto_event_id", "event_count", "root"))
    for upto, count, root in [*checkpoints, (None, None, None)]:
        problems.extend(verifier.feed(_event_rows(after, upto)))
        if upto is not None:
            found = verifier.check_checkpoint(upto, count, root)
            if found:
                problems.append(found)
            after = upto
        if progress:
            progress(verifier.count)
    heads = Case.objects.order_by("id").values_list("id", "event_count", "head_hash")
    problems.extend(verifier.check_heads(heads.iterator(chunk_size=CHUNK)))
    return verifier.count, problems


def record_checkpoint() -> LedgerCheckpoint | None:
    """Fold events since the last checkpoint into the running root and record it."""
    with transaction.atomic():
        last = LedgerCheckpoint.objects.order_by("-upto_event_id").first()
        root, count, after = (last.root, last.event_count, last.upto_event_id) if last \
            else (GENESIS, 0, 0)
        upto = after
        for row in _event_rows(after):
            root = fold_root(root, row[8])
            count += 1
            upto = row[0]
        if upto == after:
            return None
        return LedgerCheckpoint.objects.create(upto_event_id=upto, event_count=count, root=root)
