"""`fazhi verify-ledger` over the database: every history, every owner, every checkpoint.

One streamed pass over each kind's owner rows (their heads, their state as the fields now
hold it, and derived fields such as a case's due date against its clocks), then one pass
over all events in id order, split at the checkpoints. Events after the last checkpoint
can only be checked for consistency: the report says so and lists them.
"""

import time
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from typing import Any

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from fazhi.core.chains import history_models
from fazhi.core.checkpoints import event_rows, record_checkpoint, stream  # noqa: F401
from fazhi.core.models import Chained, Checkpoint, Event, state_text
from fazhi.law.ledger import (
    ChainVerifier,
    Problem,
    Unanchored,
    missing_ranges,
    owner_ranges,
)

TAIL_DETAIL = 10000  # unanchored events listed one by one (owners, missing ids) up to this
SHOWN = 200  # problems given their owner's current state, and printed


@dataclass
class KindReport:
    kind: str
    label: str
    owners: int
    events: int
    unanchored: int
    unprovable: int
    problems: int


@dataclass
class Report:
    events: int
    kinds: list[KindReport]
    problems: list[Problem]
    checkpoints: int
    last_checkpoint: Checkpoint | None
    unanchored: Unanchored
    seconds: float = 0.0
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def unanchored_events(self) -> int:
        return self.unanchored.events

    @property
    def unanchored_owners(self) -> list[tuple[str, int, int, int]]:
        return self.unanchored.owners

    @property
    def missing_ids(self) -> list[tuple[int, int]]:
        return self.unanchored.missing_ids

    @property
    def unanchored_note(self) -> str:
        """What the tail's check proves and what it cannot (empty when there is no tail)."""
        if not self.unanchored.events:
            return ""
        checked = "链内一致" if self.ok else "除所列问题外链内一致"
        return f"{checked}，但{UNANCHORED_NOTE}"

    def as_dict(self) -> dict[str, Any]:
        last = self.last_checkpoint
        return {
            "ok": self.ok, "events": self.events, "seconds": round(self.seconds, 3),
            "kinds": [vars(k) for k in self.kinds],
            "checkpoints": {"checked": self.checkpoints, "last": None if last is None else {
                "upto_event_id": last.upto_event_id, "event_count": last.event_count,
                "root": last.root, "created_at": last.created_at.isoformat()}},
            "unanchored": {
                "events": self.unanchored.events, "by_kind": self.unanchored.by_kind,
                "owners": [{"kind": k, "owner_id": o, "from_seq": lo, "to_seq": hi}
                           for k, o, lo, hi in self.unanchored.owners],
                "owners_complete": self.unanchored.owners_complete,
                "missing": self.unanchored.missing,
                "missing_ids": [list(r) for r in self.unanchored.missing_ids],
                "note": self.unanchored_note},
            "problems": [{"code": p.code, "kind": p.kind, "owner_id": p.owner_id,
                          "seq": p.seq, "detail": p.detail} for p in self.problems],
        }


UNANCHORED_NOTE = ("无法证明未被整体改写：改动记录后重算哈希并移动链头、或删除最新记录并回退链头，"
                   "仅凭账本都无法发现；下一个检查点公布后，这些记录即可被证明。")


def verify(today: date | None = None) -> Report:
    """Check every history kind's owners and chains, every checkpoint and the tail."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    models = history_models()
    verifier = ChainVerifier()
    problems: list[Problem] = []
    for kind, model in models.items():
        top = model.objects.aggregate(m=Max("pk"))["m"] or 0
        verifier.load_owners(kind, _owner_rows(model, today, problems), top)
    checkpoints = list(Checkpoint.objects.order_by("upto_event_id"))
    after = 0
    for cp in checkpoints:
        problems.extend(verifier.feed(event_rows(after, cp.upto_event_id)))
        if found := verifier.check_checkpoint(cp.upto_event_id, cp.event_count, cp.root):
            problems.append(found)
        after = cp.upto_event_id
    before = {kind: tally.events for kind, tally in verifier.tallies.items()}
    unanchored = _feed_tail(verifier, after, bool(checkpoints), problems)
    unanchored.by_kind = {kind: tally.events - before.get(kind, 0)
                          for kind, tally in verifier.tallies.items()
                          if tally.events > before.get(kind, 0)}
    problems.extend(verifier.finish())
    _describe_states(problems, models)
    kinds = [KindReport(kind, models[kind].history_label if kind in models else kind,
                        tally.owners, tally.events, unanchored.by_kind.get(kind, 0),
                        tally.unprovable, sum(1 for p in problems if p.kind == kind))
             for kind, tally in verifier.tallies.items()]
    return Report(verifier.count, kinds, problems, len(checkpoints),
                  checkpoints[-1] if checkpoints else None, unanchored,
                  time.perf_counter() - started,
                  {kind: model.history_label for kind, model in models.items()})


def _owner_rows(model: type[Chained], today: date, problems: list[Problem]):
    """(id, event_count, head_hash, state) of each owner, streamed in id order; derived
    fields (a case's due date) are compared with what their sources give on the way.

    Raw rows, converted once per distinct value tuple: a million cases hold a few dozen
    distinct states, so the canonical text is built a few dozen times, not a million."""
    names, derived = model.history_state, model.derived_fields
    fields = [model._meta.get_field(name) for name in (*names, *derived)]
    columns = ("id", "event_count", "head_hash", *(connection.ops.quote_name(f.column)
                                                   for f in fields))
    expected, found = model.expected_derived(today) if derived else ({}, [])
    problems.extend(Problem("due", model.history_kind, pk, None, detail) for pk, detail in found)
    cut = 3 + len(names)
    states = _Converted(fields[:cut - 3], lambda values: state_text(names, values))
    values = _Converted(fields[cut - 3:], tuple)
    for row in stream(model._meta.db_table, columns):
        if derived:
            stored = values.get(row[cut:])
            want = expected.get(row[0], model.derived_default)
            if stored != want:
                problems.append(Problem("due", model.history_kind, row[0], None,
                                        _derived_detail(derived, stored, want)))
        yield row[0], row[1], row[2], states.get(row[3:cut])


class _Converted:
    """Database values of some fields made into Python values (and then `make`), once per
    distinct tuple of raw values."""

    def __init__(self, fields, make) -> None:
        self.fields, self.make, self.seen = fields, make, {}

    def get(self, raw: tuple):
        found = self.seen.get(raw)
        if found is None:
            if len(self.seen) > 100_000:
                self.seen.clear()
            found = self.seen[raw] = self.make(
                [f.to_python(v) for f, v in zip(self.fields, raw, strict=True)])
        return found


def _derived_detail(names: tuple[str, ...], stored: tuple, want: tuple) -> str:
    parts = [f"{name} 存为 {s}，应为 {w}" for name, s, w in zip(names, stored, want, strict=True)
             if s != w]
    return "；".join(parts) + "（按期限记录重新计算）"


def _feed_tail(verifier: ChainVerifier, after: int, anchored: bool,
               problems: list[Problem]) -> Unanchored:
    """Feed the events after the last checkpoint, noting (id, kind, owner, seq) of the first
    TAIL_DETAIL of them: their owners, and the ids missing among them."""
    rows, noted = event_rows(after), []

    def noting(first):
        for row in first:
            noted.append(row[:4])
            yield row

    counted = verifier.count
    problems.extend(verifier.feed(chain(noting(islice(rows, TAIL_DETAIL)), rows)))
    complete = len(noted) < TAIL_DETAIL
    tail = Unanchored(events=verifier.count - counted,
                      owners=owner_ranges(r[1:] for r in noted), owners_complete=complete)
    if anchored or noted:
        start, high = after if anchored else noted[0][0] - 1, _high_water()
        tail.missing = max(0, high - start - tail.events)
        if complete and tail.missing:
            tail.missing_ids = missing_ranges((r[0] for r in noted), start, high)
        if tail.missing and connection.vendor == "sqlite":
            # AUTOINCREMENT's high-water mark rolls back with its transaction: no write of
            # ours skips an id, so a missing one was deleted
            problems.append(Problem("missing", None, None, None,
                                    f"检查点之后有 {tail.missing} 个已分配的记录编号没有记录"
                                    "（SQLite 不会跳号：记录被删除）"))
    return tail


def _high_water() -> int:
    """The highest event id ever handed out (deleted newest events leave it behind)."""
    table = Event._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            return row[0] if row else 0
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
            value, called = cursor.fetchone()
            return value if called else value - 1
    return 0


def _describe_states(problems: list[Problem], models: dict[str, type[Chained]]) -> None:
    """Give state problems the owner's current state next to what its event recorded."""
    for n, problem in enumerate(problems[:SHOWN]):
        if problem.code != "state" or problem.kind not in models:
            continue
        owner = models[problem.kind].objects.filter(pk=problem.owner_id).first()
        if owner is not None:
            problems[n] = Problem(problem.code, problem.kind, problem.owner_id, problem.seq,
                                  f"当前为 {owner.ledger_state()}；" + problem.detail)
