"""Tamper-evident history: canonical event encoding, per-case hash chains, global root.

Pure Python. Each event's hash covers its case, sequence, action, actor, time, payload
and the previous event's hash of the same case, so an edited, inserted, deleted or
reordered event breaks the chain. Per-case chains cannot see a whole case deleted or
its newest events rolled back, so a global running root folds every event hash in id
order; checkpoints of that root are recorded by `tick` and can be published.
"""

import hashlib
import json
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

GENESIS = "0" * 64
VERSION = "fazhi-ledger-v1"
_SEP = "\x1f"  # cannot occur in canonical JSON (control characters are escaped there)


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__} in an event payload")


def canonical_payload(payload: Mapping) -> str:
    """The one text form of a payload: sorted keys, no spaces, UTF-8 characters kept."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_json_default)


def clean_label(text: str) -> str:
    """Actor labels and actions may not contain control characters (they delimit fields)."""
    return "".join(ch for ch in text if ch >= " ")


def line_of(case_id: int, seq: int, action: str, actor: str, at: str, payload: str,
            prev_hash: str) -> str:
    """The exact text an event's hash covers: its fields joined by U+001F."""
    return _SEP.join((VERSION, str(case_id), str(seq), action, actor, at, payload, prev_hash))


def event_hash(case_id: int, seq: int, action: str, actor: str, at: str, payload: str,
               prev_hash: str) -> str:
    line = line_of(case_id, seq, action, actor, at, payload, prev_hash)
    return hashlib.sha256(line.encode()).hexdigest()


def fold_root(root: str, ev_hash: str) -> str:
    """Fold one event hash into the global running root."""
    return hashlib.sha256(bytes.fromhex(root) + bytes.fromhex(ev_hash)).hexdigest()


@dataclass(frozen=True)
class Problem:
    kind: str  # edited | gap | reordered | truncated | root_mismatch | missing_case_head
    case_id: int | None
    seq: int | None
    detail: str

    def __str__(self) -> str:
        where = f"case {self.case_id} seq {self.seq}" if self.case_id is not None else "ledger"
        return f"{self.kind}: {where}: {self.detail}"


class ChainVerifier:
    """Streams events in global id order with O(cases) compact state (two flat arrays).

    Feed rows (event_id, case_id, seq, action, actor, at, payload, prev_hash, hash);
    then `check_heads` with each case's recorded (event_count, head_hash) and
    `check_checkpoint` at recorded checkpoints.
    """

    def __init__(self, max_case_id: int = 0):
        self._seq = array("q", [0]) * (max_case_id + 1)
        self._last = bytearray(32 * (max_case_id + 1))
        self._root = bytes(32)  # GENESIS as bytes; folded without hex round trips
        self.count = 0
        self.last_event_id = 0

    @property
    def root(self) -> str:
        return self._root.hex()

    def _grow(self, case_id: int) -> None:
        extra = case_id + 1 - len(self._seq)
        if extra > 0:
            self._seq.extend(array("q", [0]) * extra)
            self._last.extend(bytes(32 * extra))

    def feed(self, rows: Iterable[tuple]) -> Iterator[Problem]:
        """Rows (event_id, case_id, seq, action, actor, at, payload, prev_hash, hash).

        The hot loop of `verify-ledger`: line_of and fold_root inlined, locals bound, the
        root kept as bytes. (Assembling the line in SQL instead was measured slower.)
        """
        seqs, last, sha, sep = self._seq, self._last, hashlib.sha256, _SEP
        root, count, last_id = self._root, self.count, self.last_event_id
        for last_id, case_id, seq, action, actor, at, payload, prev, stored in rows:  # noqa: B007
            if case_id >= len(seqs):
                self._grow(case_id)
                seqs, last = self._seq, self._last
            off = 32 * case_id
            expected_seq = seqs[case_id] + 1
            if seq != expected_seq:
                kind = "gap" if seq > expected_seq else "reordered"
                yield Problem(kind, case_id, seq, f"expected sequence {expected_seq}")
            elif prev != (GENESIS if expected_seq == 1 else last[off:off + 32].hex()):
                yield Problem("edited", case_id, seq, "prev_hash does not match the previous event")
            line = sep.join((VERSION, str(case_id), str(seq), action, actor, at, payload, prev))
            if sha(line.encode()).hexdigest() != stored:
                yield Problem("edited", case_id, seq, "content does not match its hash")
            digest = bytes.fromhex(stored)
            seqs[case_id] = seq
            last[off:off + 32] = digest
            root = sha(root + digest).digest()
            count += 1
        self._root, self.count, self.last_event_id = root, count, last_id

    def check_heads(self, heads: Iterable[tuple[int, int, str]]) -> Iterator[Problem]:
        """Compare each case's recorded head (event_count, head_hash) with its chain end."""
        for case_id, count, head in heads:
            self._grow(case_id)
            seen = self._seq[case_id]
            if seen != count:
                yield Problem("truncated", case_id, seen,
                              f"case records {count} events, ledger holds {seen}")
            elif count and self._last[32 * case_id: 32 * case_id + 32].hex() != head:
                yield Problem("edited", case_id, count, "case head hash differs from chain end")

    def check_checkpoint(self, upto_event_id: int, count: int, root: str) -> Problem | None:
        if self.count != count or self.root != root:
            return Problem("root_mismatch", None, None,
                           f"checkpoint at event {upto_event_id}: recorded {count} events "
                           f"root {root[:12]}…, recomputed {self.count} root {self.root[:12]}…")
        return None
