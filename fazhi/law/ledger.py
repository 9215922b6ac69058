"""Tamper-evident history: canonical event encoding, per-owner hash chains, global root.

Pure Python. Every object that changes — a case, a lottery round, an inspection plan, a key
task, a public comment… — has one chain of events. Each event's hash covers the owner (kind
and id), its sequence, action, actor, time, payload, the state the event produced and the
previous event's hash of the same owner, so an edited, inserted, deleted or reordered event
breaks the chain, and an owner's current state must equal what its latest event recorded.
Per-owner chains cannot see a whole history deleted or its newest events rolled back, so a
global running root folds every event hash in id order; checkpoints of that root are
recorded and published (ADR 0001, ADR 0018).

Two line formats exist. Events written before ADR 0018 keep their `fazhi-ledger-v1` hash
(no owner kind, no state) so the checkpoints published over them stay valid; an event's
format is whether it records a state (v2 events always do: at least "{}").
"""

import hashlib
import json
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

GENESIS = "0" * 64
V1, V2 = 1, 2  # event formats
VERSION = {V1: "fazhi-ledger-v1", V2: "fazhi-ledger-v2"}
# The reporting audit trail hashed its v1 events with the action prefixed by the subject.
KIND_PREFIXED_V1 = frozenset({"task", "finding", "report"})
_SEP = "\x1f"  # cannot occur in canonical JSON (control characters are escaped there)
DIGEST = 16  # bytes of a state digest or head prefix kept per owner while verifying


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__} in an event payload")


def canonical_payload(payload: Mapping) -> str:
    """The one text form of a payload or state: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_json_default)


def clean_label(text: str) -> str:
    """Actor labels and actions may not contain control characters (they delimit fields)."""
    return "".join(ch for ch in text if ch >= " ")


def line_of(kind: str, owner_id: int, seq: int, action: str, actor: str, at: str,
            payload: str, state: str, prev_hash: str, *, fmt: int = V2) -> str:
    """The exact text an event's hash covers: its fields joined by U+001F."""
    if fmt == V2:
        return _SEP.join((VERSION[V2], kind, str(owner_id), str(seq), action, actor, at,
                          payload, state, prev_hash))
    if fmt != V1:
        raise ValueError(f"unknown event format {fmt}")
    hashed_action = f"{kind}.{action}" if kind in KIND_PREFIXED_V1 else action
    return _SEP.join((VERSION[V1], str(owner_id), str(seq), hashed_action, actor, at, payload,
                      prev_hash))


def event_hash(kind: str, owner_id: int, seq: int, action: str, actor: str, at: str,
               payload: str, state: str, prev_hash: str, *, fmt: int = V2) -> str:
    line = line_of(kind, owner_id, seq, action, actor, at, payload, state, prev_hash, fmt=fmt)
    return hashlib.sha256(line.encode()).hexdigest()


def format_of(state: str) -> int:
    return V2 if state else V1


def state_digest(state: str) -> bytes:
    """A short digest of a canonical state, to compare without keeping the text."""
    return hashlib.blake2b(state.encode(), digest_size=DIGEST).digest()


def fold_root(root: str, ev_hash: str) -> str:
    """Fold one event hash into the global running root."""
    return hashlib.sha256(bytes.fromhex(root) + bytes.fromhex(ev_hash)).hexdigest()


@dataclass(frozen=True)
class Problem:
    """One inconsistency. `kind` and `owner_id` name the history (None: the global ledger)."""

    code: str  # edited | gap | reordered | truncated | head | state | due | owner_missing
    #            unknown_kind | root_mismatch | missing
    kind: str | None
    owner_id: int | None
    seq: int | None
    detail: str

    def __str__(self) -> str:
        where = "账本" if self.kind is None else f"{self.kind} {self.owner_id}"
        if self.seq is not None:
            where += f" 第 {self.seq} 条"
        return f"[{self.code}] {where}：{self.detail}"


@dataclass
class KindTally:
    """What was checked for one history kind."""

    owners: int = 0
    events: int = 0
    unprovable: int = 0  # owners whose state no v2 event records (no events, or v1 only)


class _Chains:
    """Compact per-owner state of one history kind, indexed by owner id: the chain seen so
    far (last sequence, last hash) and the owner row (event_count, head prefix, state digest;
    count −1 where no owner row exists)."""

    __slots__ = ("seen", "last", "count", "head", "state", "tally")

    def __init__(self) -> None:
        self.seen = array("i")
        self.last = bytearray()
        self.count = array("i")
        self.head = bytearray()
        self.state = bytearray()
        self.tally = KindTally()

    def grow(self, owner_id: int, *, exact: bool = False) -> None:
        """Room for `owner_id` (unless `exact`, at least doubling, so growing one owner at a
        time stays linear)."""
        extra = owner_id + 1 - len(self.seen)
        if extra > 0:
            extra = extra if exact else max(extra, len(self.seen))
            self.seen.extend(array("i", [0]) * extra)
            self.last.extend(bytes(32 * extra))
            self.count.extend(array("i", [-1]) * extra)
            self.head.extend(bytes(DIGEST * extra))
            self.state.extend(bytes(DIGEST * extra))


class ChainVerifier:
    """Streams events in global id order with O(owners) compact state (flat arrays).

    First `load_owners` for every history kind with each owner's recorded (event_count,
    head_hash, canonical state); then `feed` event rows (in id order, split at checkpoints
    with `check_checkpoint` between); then `finish` for what only the end can tell.
    """

    def __init__(self) -> None:
        self._chains: dict[str, _Chains] = {}
        self._root = bytes(32)  # GENESIS as bytes; folded without hex round trips
        self.count = 0
        self.last_event_id = 0

    @property
    def root(self) -> str:
        return self._root.hex()

    @property
    def tallies(self) -> dict[str, KindTally]:
        return {kind: chains.tally for kind, chains in self._chains.items()}

    def load_owners(self, kind: str, owners: Iterable[tuple[int, int, str, str]],
                    max_id: int = 0) -> None:
        """Owner rows (id, event_count, head_hash, canonical state) in id order; `max_id`,
        when known, sizes the arrays once."""
        chains = self._chains.setdefault(kind, _Chains())
        if max_id >= len(chains.seen):
            chains.grow(max_id, exact=True)
        tally, digests = chains.tally, {}
        for owner_id, count, head, state in owners:
            if owner_id >= len(chains.seen):
                chains.grow(owner_id)
            chains.count[owner_id] = count
            cut = DIGEST * owner_id
            chains.head[cut:cut + DIGEST] = bytes.fromhex(head)[:DIGEST] if head else bytes(DIGEST)
            digest = digests.get(state)
            if digest is None:  # owners share few states: digest each once
                digest = digests[state] = state_digest(state)
                if len(digests) > 100_000:
                    digests.clear()
            chains.state[cut:cut + DIGEST] = digest
            tally.owners += 1
            if count == 0:
                tally.unprovable += 1

    def feed(self, rows: Iterable[tuple]) -> Iterator[Problem]:
        """Rows (id, kind, owner_id, seq, action, actor, at, payload, state, prev_hash, hash).

        The hot loop of `verify-ledger`: the v2 line and the root fold inlined, locals bound,
        the root kept as bytes, the per-kind arrays rebound only when the kind changes.
        At an owner's recorded head (seq == event_count) the head prefix and the state the
        event recorded are compared with the owner row."""
        sha, blake, sep, v2, size = hashlib.sha256, hashlib.blake2b, _SEP, VERSION[V2], DIGEST
        root, count, last_id = self._root, self.count, self.last_event_id
        kind_now, chains, since = None, None, count
        seqs = last = counts = heads = states = None
        room = unprovable = 0
        for last_id, kind, owner, seq, action, actor, at, payload, state, prev, stored \
                in rows:  # noqa: B007 (last_id is kept after the loop)
            if kind != kind_now:
                if chains is not None:
                    chains.tally.events += count - since
                    chains.tally.unprovable += unprovable
                kind_now, since, unprovable = kind, count, 0
                chains = self._chains.get(kind)
                if chains is None:
                    yield Problem("unknown_kind", kind, owner, seq, "账本中有未知类别的记录")
                    chains = self._chains[kind] = _Chains()
                seqs, last, counts = chains.seen, chains.last, chains.count
                heads, states, room = chains.head, chains.state, len(chains.seen)
            if owner >= room:
                chains.grow(owner)
                seqs, last, counts = chains.seen, chains.last, chains.count
                heads, states, room = chains.head, chains.state, len(chains.seen)
            off = 32 * owner
            expected_seq = seqs[owner] + 1
            if seq != expected_seq:
                code = "gap" if seq > expected_seq else "reordered"
                yield Problem(code, kind, owner, seq, f"应为第 {expected_seq} 条")
            elif expected_seq == 1:
                if prev != GENESIS:
                    yield Problem("edited", kind, owner, seq, "第一条记录的前一条哈希不是创世值")
                if counts[owner] < 0:
                    yield Problem("owner_missing", kind, owner, seq, "记录所属的对象已不存在")
            elif prev != last[off:off + 32].hex():
                yield Problem("edited", kind, owner, seq, "前一条哈希（prev_hash）与上一条记录不符")
            if state:
                line = sep.join((v2, kind, str(owner), str(seq), action, actor, at, payload,
                                 state, prev))
            else:
                line = line_of(kind, owner, seq, action, actor, at, payload, state, prev, fmt=V1)
            digest = sha(line.encode()).digest()
            if digest.hex() != stored:
                yield Problem("edited", kind, owner, seq, "内容与其哈希值不符")
                digest = bytes.fromhex(stored)  # the chain and the root go on from what is stored
            seqs[owner] = seq
            last[off:off + 32] = digest
            if seq == counts[owner]:
                cut = size * owner
                if digest[:size] != heads[cut:cut + size]:
                    yield Problem("head", kind, owner, seq, "对象记录的链头哈希与最新记录不符")
                if not state:
                    unprovable += 1
                elif blake(state.encode(), digest_size=size).digest() != states[cut:cut + size]:
                    yield Problem("state", kind, owner, seq,
                                  f"对象当前状态与最新记录产生的状态 {state} 不符")
            root = sha(root + digest).digest()
            count += 1
        if chains is not None:
            chains.tally.events += count - since
            chains.tally.unprovable += unprovable
        self._root, self.count, self.last_event_id = root, count, last_id

    def finish(self) -> Iterator[Problem]:
        """Owners whose recorded event_count differs from the chain found: fewer events
        (truncated) or more (a head moved back)."""
        for kind, chains in self._chains.items():
            seen = chains.seen
            for owner, recorded in enumerate(chains.count):
                if recorded >= 0 and seen[owner] != recorded:
                    code = "truncated" if seen[owner] < recorded else "head"
                    yield Problem(code, kind, owner, seen[owner],
                                  f"对象记录为 {recorded} 条，账本中为 {seen[owner]} 条")

    def check_checkpoint(self, upto_event_id: int, count: int, root: str) -> Problem | None:
        if self.count != count or self.root != root:
            return Problem("root_mismatch", None, None, None,
                           f"检查点（截至记录 #{upto_event_id}）记录 {count} 条、根值 {root[:12]}…，"
                           f"重新计算得 {self.count} 条、根值 {self.root[:12]}…")
        return None


@dataclass
class Unanchored:
    """Events after the last checkpoint: checked for consistency only."""

    events: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    owners: list[tuple[str, int, int, int]] = field(default_factory=list)  # kind, id, seqs
    owners_complete: bool = True
    missing_ids: list[tuple[int, int]] = field(default_factory=list)  # id ranges not found
    missing: int = 0  # ids handed out after the last checkpoint with no event (all ranges)


def owner_ranges(rows: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int, int]]:
    """(kind, owner, first seq, last seq) of each owner among (kind, owner, seq) rows."""
    spans: dict[tuple[str, int], list[int]] = {}
    for kind, owner, seq in rows:
        span = spans.setdefault((kind, owner), [seq, seq])
        span[0], span[1] = min(span[0], seq), max(span[1], seq)
    return [(kind, owner, lo, hi) for (kind, owner), (lo, hi) in spans.items()]


def missing_ranges(ids: Iterable[int], after: int, high_water: int) -> list[tuple[int, int]]:
    """Id ranges in (after, high_water] that `ids` (ascending) do not contain."""
    gaps, expected = [], after + 1
    for event_id in ids:
        if event_id > expected:
            gaps.append((expected, event_id - 1))
        expected = max(expected, event_id + 1)
    if high_water >= expected:
        gaps.append((expected, high_water))
    return gaps
