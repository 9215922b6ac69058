"""Checkpoints of the global root, recorded automatically and by `fazhi tick`.

A write that appends an event checks, in memory, whether FAZHI_CHECKPOINT_EVERY_EVENTS
events or FAZHI_CHECKPOINT_EVERY_MINUTES minutes have passed since the last checkpoint this
process knows of; if so it schedules one check on commit, which records the checkpoint in
its own transaction. Writes gain no query; the checkpoint folds only the events since the
previous one.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core.models import Checkpoint, Event
from fazhi.law.ledger import GENESIS, fold_root

CHUNK = 20000
EVENT_COLUMNS = ("id", "kind", "owner_id", "seq", "action", "actor", "at", "payload", "state",
                 "prev_hash", "hash")
_known: dict[str, object] = {"upto": None, "at": None}  # the latest checkpoint seen here
_paused: list[bool] = []  # inside `paused()`: no automatic checkpoint is scheduled


def event_rows(after_id: int, upto_id: int | None = None, columns=EVENT_COLUMNS):
    """Events in id order after `after_id` (up to `upto_id`), streamed."""
    return stream(Event._meta.db_table, columns, after_id, upto_id)


def stream(table: str, columns, after_id: int = 0, upto_id: int | None = None):
    """Rows of `table` in id order (the first column must be id), with bounded memory.

    SQLite streams one scan with fetchmany (a single statement reads one consistent
    snapshot in WAL mode); PostgreSQL's client cursor would buffer the whole result, so
    there we read keyset pages instead."""
    upper = "" if upto_id is None else f" AND id <= {int(upto_id)}"
    sql = f"SELECT {', '.join(columns)} FROM {table} WHERE id > %s{upper} ORDER BY id"
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


def record_checkpoint(*, only_if_due: bool = False) -> Checkpoint | None:
    """Fold the events since the last checkpoint into the running root and record it.

    Writers are held back meanwhile (PostgreSQL: a table lock that waits for transactions
    still inserting events, so none can commit later with a lower id than the checkpoint
    covers; SQLite serialises writers anyway)."""
    with transaction.atomic():
        _hold_writers()
        last = Checkpoint.objects.order_by("-upto_event_id").first()
        root, count, after = (last.root, last.event_count, last.upto_event_id) if last \
            else (GENESIS, 0, 0)
        if only_if_due:
            newest = Event.objects.aggregate(m=Max("id"))["m"] or 0
            if not _due(newest, last.upto_event_id if last else None,
                        last.created_at if last else None):
                _remember(last)
                return None
        upto = after
        for event_id, ev_hash in event_rows(after, columns=("id", "hash")):
            root = fold_root(root, ev_hash)
            count += 1
            upto = event_id
        if upto == after:
            _remember(last)
            return None
        made = Checkpoint.objects.create(upto_event_id=upto, event_count=count, root=root)
    _remember(made)
    return made


def after_append(event_id: int) -> None:
    """Called for every appended event: no query. When a checkpoint looks due, one check is
    scheduled on commit and this process assumes it taken, so the next is scheduled only
    after another FAZHI_CHECKPOINT_EVERY_EVENTS events or _MINUTES minutes (a check whose
    transaction rolled back is simply retried then, or by tick)."""
    if _paused or not _due(event_id, _known["upto"], _known["at"]):
        return
    _known["upto"], _known["at"] = event_id, timezone.now()
    transaction.on_commit(_checkpoint_if_due, robust=True)


def _checkpoint_if_due() -> None:
    # robust: a failure is logged, never raised into the committed write; tick retries
    record_checkpoint(only_if_due=True)


@contextmanager
def paused() -> Iterator[None]:
    """No automatic checkpoint while inside: a bulk build under a simulated clock (the demo)
    would otherwise record one per simulated ten minutes, i.e. one per simulated day. The
    caller records the checkpoints it wants (the demo: one at the end, over the whole city)."""
    _paused.append(True)
    try:
        yield
    finally:
        _paused.pop()


def forget() -> None:
    """Drop what this process knows of the latest checkpoint (tests; a restored database)."""
    _known["upto"] = _known["at"] = None


def _due(newest_id: int, upto: int | None, at: datetime | None) -> bool:
    if upto is None or at is None:
        return True
    every = settings.FAZHI_CHECKPOINT_EVERY_EVENTS
    minutes = settings.FAZHI_CHECKPOINT_EVERY_MINUTES
    if newest_id <= upto:
        return False
    return newest_id - upto >= every or timezone.now() - at >= timedelta(minutes=minutes)


def _remember(checkpoint: Checkpoint | None) -> None:
    if checkpoint is not None:
        _known["upto"], _known["at"] = checkpoint.upto_event_id, checkpoint.created_at


def _hold_writers() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Event._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
