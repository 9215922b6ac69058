"""draw-v1: publicly verifiable draws (random-draws.md §5; ADR 0003).

Standard library only, no Django. Everything a verifier needs is fixed here as bytes:

* ``H`` is SHA-256. ``H(a ‖ b ‖ …)`` hashes the concatenation of *fields*, each field
  being a 4-byte big-endian length followed by the bytes (``field()``). Text is UTF-8
  (NFC), digests and r_N are raw bytes, ticket numbers are 4-byte big-endian.
* Merkle tree (RFC 6962 style, plain bytes): leaf = H(0x00 ‖ line) with the line
  without its LF; node = H(0x01 ‖ left ‖ right); an odd last node is carried up.
* Ordering is by bytes: codes by their UTF-8 bytes, keys as 32-byte big-endian numbers,
  ties by code. No floats, no dict-order dependence.

The pure functions here are used by the lottery and inspections modules; the stand-alone
verifier (verifier/fazhi_verify.py) re-implements the same rules independently.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from heapq import nsmallest

from fazhi.law.rfc3797 import SourceValueError, canonical_source

VERSION = "draw-v1"
HASH_NAME = "sha256"
TAG_NOTARY = b"XM-DRAW-v1/notary"
TAG_SEED = b"XM-DRAW-v1/seed"
TAG_TICKET = b"XM-DRAW-v1/ticket"
TAG_INSPECTION = b"XM-DRAW-v1/inspection"
MAX_WEIGHT = 2**32 - 1  # ticket numbers are 4 bytes
UNUSED_QUOTA_RULES = ("error", "move-next")

_sha256 = hashlib.sha256
_LENGTHS = [n.to_bytes(4, "big") for n in range(1024)]
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f,]")
_ADJACENT_DUPLICATE = re.compile(rb"^([^\0\n]*)\0[^\n]*\n\1\0", re.MULTILINE)
_ANY_SPACE = re.compile(r"[^\S\n]")
_EDGE_SPACE = re.compile(r"(?m)(?:^|,)[^\S\n]|[^\S\n](?:,|$)")


# -- errors ------------------------------------------------------------------------------


class DrawError(ValueError):
    """Base class: every rejection of draw input is a DrawError with a clear message."""


class SpecError(DrawError):
    """The draw specification is malformed."""


class PoolFileError(DrawError):
    """The pool file is not in canonical form or does not match the specification."""


class DuplicateCode(PoolFileError):
    """The same application code appears twice."""


class WeightError(PoolFileError):
    """A weight is not a positive integer within the specification's maximum."""


class EmptyPool(DrawError):
    """A pool named in the specification has no records."""


class QuotaExceedsPool(DrawError):
    """A quota is larger than its pool and the specification does not move unused quota."""


class SourceUnavailable(DrawError):
    """A source slot and all its fallbacks are missing: the draw cannot take place."""


class NotaryRevealMismatch(DrawError):
    """r_N does not match the notary's commitment c_N: the draw is void (§5.2)."""


class ReceiptError(DrawError):
    """An inclusion receipt does not prove membership in the committed pool."""


# -- hashing primitives ------------------------------------------------------------------


def field(data: bytes) -> bytes:
    """One length-prefixed field: 4-byte big-endian length, then the bytes."""
    return len(data).to_bytes(4, "big") + data


def hash_fields(*fields: bytes) -> bytes:
    """H(f1 ‖ f2 ‖ …) over length-prefixed fields."""
    return _sha256(b"".join(field(f) for f in fields)).digest()


def _text(value: str, what: str) -> bytes:
    if not isinstance(value, str) or not value:
        raise DrawError(f"{what} must be a non-empty string")
    if unicodedata.normalize("NFC", value) != value:
        raise DrawError(f"{what} {value!r} is not in Unicode NFC form")
    return value.encode("utf-8")


def _hex32(value: str | bytes, what: str) -> bytes:
    raw = value if isinstance(value, bytes) else bytes.fromhex(value)
    if len(raw) != 32:
        raise DrawError(f"{what} must be 32 bytes (64 hex digits)")
    return raw


def canonical_json(obj: object) -> bytes:
    """The published byte form: sorted keys, no spaces, UTF-8, final LF; floats refused."""

    def refuse(o: object) -> object:
        raise TypeError(f"not serialisable in a draw artefact: {o!r}")

    _refuse_floats(obj)
    text = json.dumps(
        obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=refuse
    )
    return text.encode("utf-8") + b"\n"


def _refuse_floats(obj: object) -> None:
    if isinstance(obj, float):
        raise TypeError("floats are not allowed in draw artefacts")
    if isinstance(obj, dict):
        for v in obj.values():
            _refuse_floats(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            _refuse_floats(v)


# -- canonical pool file -----------------------------------------------------------------


def _check_name(value: str, what: str) -> str:
    value = unicodedata.normalize("NFC", value) if isinstance(value, str) else value
    if not isinstance(value, str) or not value:
        raise PoolFileError(f"{what} must be a non-empty string")
    if _BAD_CHARS.search(value) or value != value.strip():
        raise PoolFileError(f"{what} {value!r} contains a comma, control character or edge space")
    return value


def _check_weight(weight: object, code: str, max_weight: int) -> int:
    if isinstance(weight, bool) or not isinstance(weight, int):
        raise WeightError(f"code {code}: weight {weight!r} is not an integer")
    if weight < 1:
        raise WeightError(f"code {code}: weight {weight} is not positive")
    if weight > max_weight:
        raise WeightError(f"code {code}: weight {weight} exceeds the maximum {max_weight}")
    return weight


def build_pool_file(records: Iterable[tuple[str, str, int]], max_weight: int = MAX_WEIGHT) -> bytes:
    """Canonical pool file from (code, pool, weight): NFC, sorted by code bytes, LF.

    A duplicated code is an error, not silently merged: de-duplication of persons is a
    policy step that must happen (and be counted) before the freeze.
    """
    pools: dict[str, bytes] = {}
    weights: dict[int, bytes] = {}
    rows: list[bytes] = []
    for code, pool, weight in records:
        # Fast path for the usual ASCII alphanumeric codes; anything else gets full checks.
        if not (type(code) is str and code.isascii() and code.isalnum()):
            code = _check_name(code, "code")
        if type(weight) is not int:
            _check_weight(weight, code, max_weight)
        weight_bytes = weights.get(weight)
        if weight_bytes is None:
            weight_bytes = weights[weight] = b"%d" % _check_weight(weight, code, max_weight)
        pool_bytes = pools.get(pool)
        if pool_bytes is None:
            pool_bytes = pools[pool] = _check_name(pool, "pool").encode("utf-8")
        # NUL separators sort below every allowed character, so sorting whole rows as
        # bytes sorts by code (a code that is a prefix of another comes first).
        rows.append(code.encode("utf-8") + b"\0" + pool_bytes + b"\0" + weight_bytes)
    if not rows:
        raise EmptyPool("the pool file has no records")
    rows.sort()
    body = b"\n".join(rows) + b"\n"
    del rows
    duplicate = _ADJACENT_DUPLICATE.search(body)
    if duplicate:
        raise DuplicateCode(f"code {duplicate.group(1).decode('utf-8')} appears more than once")
    return body.replace(b"\0", b",")


@dataclass
class PoolRecords:
    """The records of one pool, in code order. weights is None when every weight is 1."""

    name: str
    codes: list[bytes] = dc_field(default_factory=list)
    weights: list[int] | None = None

    @property
    def tickets(self) -> int:
        return len(self.codes) if self.weights is None else sum(self.weights)


@dataclass
class PoolFile:
    """A parsed, validated canonical pool file."""

    data: bytes
    lines: list[bytes]
    pools: dict[str, PoolRecords]

    @property
    def file_hash(self) -> bytes:
        return _sha256(self.data).digest()

    def merkle_root(self) -> bytes:
        return merkle_root(self.lines)


def parse_pool_file(data: bytes, max_weight: int = MAX_WEIGHT) -> PoolFile:
    """Validate the canonical form and split records by pool (codes kept as bytes)."""
    if not data:
        raise EmptyPool("the pool file is empty")
    if not data.endswith(b"\n") or b"\r" in data:
        raise PoolFileError("lines must end with LF (no CR), including the last one")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PoolFileError(f"not UTF-8 at byte {exc.start}") from None
    if text.startswith("\ufeff"):
        raise PoolFileError("the pool file must not start with a byte-order mark")
    if not unicodedata.is_normalized("NFC", text):
        raise PoolFileError("the pool file is not in Unicode NFC form")
    if re.search(r"[\x00-\x09\x0b-\x1f\x7f]", text):
        raise PoolFileError("the pool file contains a control character")
    if _ANY_SPACE.search(text) and _EDGE_SPACE.search(text):  # the slow check only if needed
        raise PoolFileError("a field starts or ends with whitespace")
    lines = data.split(b"\n")
    lines.pop()  # the empty string after the final LF
    by_name: dict[bytes, PoolRecords] = {}
    previous = b""
    for number, line in enumerate(lines, 1):
        try:
            code, pool, weight = line.split(b",")
        except ValueError:
            raise PoolFileError(f"line {number}: expected 'code,pool,weight'") from None
        if not code or not pool:
            raise PoolFileError(f"line {number}: empty code or pool")
        if code <= previous:
            if code == previous:
                raise DuplicateCode(f"line {number}: code {code.decode()} appears more than once")
            raise PoolFileError(f"line {number}: codes are not sorted by their UTF-8 bytes")
        previous = code
        records = by_name.get(pool)
        if records is None:
            records = by_name[pool] = PoolRecords(pool.decode("utf-8"))
        if weight == b"1":
            if records.weights is not None:
                records.weights.append(1)
        else:
            w = _parse_weight(weight, number, max_weight)
            if records.weights is None:
                records.weights = [1] * len(records.codes)
            records.weights.append(w)
        records.codes.append(code)
    return PoolFile(data, lines, {r.name: r for r in by_name.values()})


def _parse_weight(raw: bytes, number: int, max_weight: int) -> int:
    if not raw.isdigit() or not raw.isascii():
        raise WeightError(
            f"line {number}: weight {raw.decode(errors='replace')!r} is not a positive integer"
        )
    if raw.startswith(b"0"):
        raise WeightError(
            f"line {number}: weight {raw.decode()!r} is not positive or has a leading zero"
        )
    w = int(raw)
    if w > max_weight:
        raise WeightError(f"line {number}: weight {w} exceeds the maximum {max_weight}")
    return w


def file_hash(data: bytes) -> bytes:
    """H(file): SHA-256 of the exact file bytes."""
    return _sha256(data).digest()


# -- Merkle tree and receipts ------------------------------------------------------------


def _merkle_parent_level(level: list[bytes]) -> list[bytes]:
    sha = _sha256
    up = [sha(b"\x01" + a + b).digest() for a, b in zip(level[::2], level[1::2], strict=False)]
    if len(level) % 2:
        up.append(level[-1])  # odd last node carried up unchanged
    return up


def merkle_levels(lines: Sequence[bytes]) -> list[list[bytes]]:
    """All levels, leaves first; the last level holds the root alone."""
    if not lines:
        raise EmptyPool("a Merkle tree needs at least one record")
    sha = _sha256
    level = [sha(b"\x00" + line).digest() for line in lines]
    levels = [level]
    while len(level) > 1:
        level = _merkle_parent_level(level)
        levels.append(level)
    return levels


def merkle_root(lines: Sequence[bytes]) -> bytes:
    """Merkle root without keeping the levels (memory: one level at a time)."""
    if not lines:
        raise EmptyPool("a Merkle tree needs at least one record")
    sha = _sha256
    level = [sha(b"\x00" + line).digest() for line in lines]
    while len(level) > 1:
        level = _merkle_parent_level(level)
    return level[0]


def merkle_path(levels: Sequence[Sequence[bytes]], index: int) -> list[bytes]:
    """Sibling hashes from leaf to root; levels where the node is carried have none."""
    path = []
    for level in levels[:-1]:
        sibling = index ^ 1
        if sibling < len(level):
            path.append(level[sibling])
        index //= 2
    return path


def root_from_path(line: bytes, index: int, leaf_count: int, path: Sequence[bytes]) -> bytes:
    """Fold an inclusion path back to the root (the carried-node rule needs leaf_count)."""
    if not 0 <= index < leaf_count:
        raise ReceiptError(f"index {index} is outside 0..{leaf_count - 1}")
    node = _sha256(b"\x00" + line).digest()
    steps = iter(path)
    size = leaf_count
    while size > 1:
        if index ^ 1 < size:
            try:
                sibling = next(steps)
            except StopIteration:
                raise ReceiptError("the Merkle path is too short") from None
            pair = sibling + node if index & 1 else node + sibling
            node = _sha256(b"\x01" + pair).digest()
        index //= 2
        size = (size + 1) // 2
    if next(steps, None) is not None:
        raise ReceiptError("the Merkle path is too long")
    return node


class MerkleTree:
    """Keeps every level so receipts can be issued for any record."""

    def __init__(self, pool: PoolFile) -> None:
        self.pool = pool
        self.levels = merkle_levels(pool.lines)
        self.root = self.levels[-1][0]
        self._index = {line.split(b",", 1)[0]: i for i, line in enumerate(pool.lines)}

    def receipt(self, code: str, draw_id: str) -> dict:
        """Receipt for one applicant: their line, position and path (well under 1 KB)."""
        index = self._index.get(code.encode("utf-8"))
        if index is None:
            raise ReceiptError(f"code {code} is not in the pool")
        return {
            "version": VERSION,
            "hash": HASH_NAME,
            "draw_id": draw_id,
            "line": self.pool.lines[index].decode("utf-8"),
            "index": index,
            "leaf_count": len(self.pool.lines),
            "path": [h.hex() for h in merkle_path(self.levels, index)],
            "merkle_root": self.root.hex(),
        }


def verify_receipt(receipt: Mapping, merkle_root_hex: str | None = None) -> None:
    """Raise ReceiptError unless the receipt's path leads to its (or the given) root."""
    try:
        line = receipt["line"].encode("utf-8")
        root = root_from_path(
            line,
            receipt["index"],
            receipt["leaf_count"],
            [bytes.fromhex(h) for h in receipt["path"]],
        )
        claimed = bytes.fromhex(merkle_root_hex or receipt["merkle_root"])
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ReceiptError):
            raise
        raise ReceiptError(f"malformed receipt: {exc}") from None
    if root != claimed:
        raise ReceiptError("the receipt does not lead to the published Merkle root")


# -- notary commitment and seed ----------------------------------------------------------


def notary_commitment(draw_id: str, r_n: bytes) -> bytes:
    """c_N = H("XM-DRAW-v1/notary" ‖ draw_id ‖ r_N)."""
    return hash_fields(TAG_NOTARY, _text(draw_id, "draw_id"), _hex32(r_n, "r_N"))


def check_notary_reveal(draw_id: str, r_n: bytes, commitment: bytes) -> None:
    """Raise NotaryRevealMismatch (the draw is void) unless r_N opens c_N."""
    if notary_commitment(draw_id, r_n) != commitment:
        raise NotaryRevealMismatch(
            f"draw {draw_id}: the revealed r_N does not match c_N; the draw is void and must be "
            "re-run with new commitments and a later source"
        )


@dataclass(frozen=True)
class SourceSpec:
    """One named source slot and its ordered fallbacks (ids of published values)."""

    id: str
    fallbacks: tuple[str, ...] = ()
    description: str = ""

    def candidates(self) -> tuple[str, ...]:
        return (self.id, *self.fallbacks)


def resolve_sources(
    slots: Sequence[SourceSpec], published: Mapping[str, object]
) -> tuple[str, list[dict]]:
    """Pick, per slot, the first of (primary, fallbacks…) with a value; canonicalise.

    A value that is absent or null is missing. Returns the canonical text and, per slot,
    the record of what was used and what was skipped (published with the result).
    """
    used: list[dict] = []
    parts: list[str] = []
    for slot_number, slot in enumerate(slots):
        skipped: list[str] = []
        for fallback, source_id in enumerate(slot.candidates()):
            value = published.get(source_id)
            if value is None:
                skipped.append(source_id)
                continue
            try:
                parts.append(canonical_source(value))  # type: ignore[arg-type]
            except SourceValueError as exc:
                raise DrawError(f"source {source_id}: {exc}") from None
            used.append(
                {
                    "slot": slot_number,
                    "id": source_id,
                    "fallback": fallback,
                    "skipped": skipped,
                    "value": value,
                }
            )
            break
        else:
            raise SourceUnavailable(
                f"source slot {slot_number} ({slot.id}): neither it nor its fallbacks "
                f"{list(slot.fallbacks)} has a value"
            )
    return "".join(parts), used


def derive_seed(draw_id: str, pool_hash: bytes, root: bytes, canonical: str, r_n: bytes) -> bytes:
    """seed = H("XM-DRAW-v1/seed" ‖ draw_id ‖ file_hash ‖ merkle_root ‖ canon(sources) ‖ r_N)."""
    return hash_fields(
        TAG_SEED,
        _text(draw_id, "draw_id"),
        _hex32(pool_hash, "file_hash"),
        _hex32(root, "merkle_root"),
        canonical.encode("ascii"),
        _hex32(r_n, "r_N"),
    )


# -- keyed-hash ranking ------------------------------------------------------------------


def _ticket(j: int) -> bytes:
    return field(j.to_bytes(4, "big"))


def record_key(seed: bytes, pool: str, code: str | bytes, weight: int = 1) -> bytes:
    """key = min over j < weight of H("XM-DRAW-v1/ticket" ‖ seed ‖ pool ‖ code ‖ j)."""
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= MAX_WEIGHT:
        raise WeightError(f"weight {weight!r} is not a positive integer")
    raw = code.encode("utf-8") if isinstance(code, str) else code
    base = field(TAG_TICKET) + field(seed) + field(pool.encode("utf-8")) + field(raw)
    return min(_sha256(base + _ticket(j)).digest() for j in range(weight))


def _threshold(count: int, population: int) -> bytes | None:
    """A key bound expected to admit a little over `count` of `population` random keys.

    Keys are uniform 256-bit numbers, so k + 8·√k + 64 expected survivors leave failure
    (fewer than `count` survivors) at about e^-32; the caller then falls back to a full
    pass, so the answer is exact either way — only the speed depends on the guess.
    """
    expect = count + 8 * math.isqrt(count) + 64
    if expect * 2 >= population:
        return None
    return ((expect << 256) // population).to_bytes(32, "big")


def _prefixes(seed: bytes, pool: str, codes: Sequence[bytes]) -> list[bytes]:
    """Per code length: the fixed bytes before the code (tag, seed, pool, code length)."""
    head = field(TAG_TICKET) + field(seed) + field(pool.encode("utf-8"))
    longest = max(map(len, codes), default=0)
    lengths = (
        _LENGTHS if longest < len(_LENGTHS) else [n.to_bytes(4, "big") for n in range(longest + 1)]
    )
    return [head + lengths[n] for n in range(longest + 1)]


def _candidates(
    seed: bytes,
    pool: str,
    codes: Sequence[bytes],
    weights: Sequence[int] | None,
    bound: bytes | None,
) -> list[tuple[bytes, bytes]]:
    """(key, code) for every record whose key is below `bound` (all if None)."""
    pre = _prefixes(seed, pool, codes)
    sha = _sha256
    j0 = _ticket(0)
    top = bound if bound is not None else b"\xff" * 33  # above every 32-byte key
    if weights is None:
        # The hot loop: one hash per record, one comparison, no per-record tuple unless kept.
        return [(d, c) for c in codes if (d := sha(pre[len(c)] + c + j0).digest()) < top]
    tickets = [_ticket(j) for j in range(max(weights))]
    out = []
    for c, w in zip(codes, weights, strict=True):
        base = pre[len(c)] + c
        d = (
            sha(base + j0).digest()
            if w == 1
            else min([sha(base + t).digest() for t in tickets[:w]])
        )
        if d < top:
            out.append((d, c))
    return out


def smallest_keys(
    seed: bytes, pool: str, codes: Sequence[bytes], weights: Sequence[int] | None, count: int
) -> list[tuple[bytes, bytes]]:
    """The `count` smallest (key, code) pairs of a pool, sorted by (key, code)."""
    return _smallest_under_bound(
        count, len(codes), lambda bound: _candidates(seed, pool, codes, weights, bound))


def _smallest_under_bound(count: int, population: int,
                          under: Callable[[bytes | None], list[tuple]]) -> list[tuple]:
    """The `count` smallest keyed tuples, sorted, from `under(bound)` (the tuples whose key
    is below the bound, all when None): first with a bound expected to admit a little over
    `count` (_threshold), then, if it admitted too few, with none."""
    if count <= 0:
        return []
    bound = _threshold(count, population)
    found = under(bound)
    if len(found) < count and bound is not None:
        found = under(None)
    return nsmallest(count, found) if len(found) > count else sorted(found)


# -- specification and result ------------------------------------------------------------


@dataclass(frozen=True)
class PoolSpec:
    """A pool in specification order: quota (winners) and ordered alternates."""

    name: str
    quota: int
    alternates: int = 0


@dataclass(frozen=True)
class DrawSpec:
    """What is published (and notarised) before the pool freeze."""

    draw_id: str
    pools: tuple[PoolSpec, ...]
    sources: tuple[SourceSpec, ...]
    max_weight: int = 1
    unused_quota: str = "error"
    hash: str = HASH_NAME
    version: str = VERSION

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Static checks: raise SpecError with the first problem found."""
        if self.version != VERSION:
            raise SpecError(f"unsupported version {self.version!r}; this code implements {VERSION}")
        if self.hash != HASH_NAME:
            raise SpecError(f"unsupported hash {self.hash!r}; {VERSION} pins {HASH_NAME}")
        try:
            _text(self.draw_id, "draw_id")
        except DrawError as exc:
            raise SpecError(str(exc)) from None
        if not self.pools:
            raise SpecError("a draw needs at least one pool")
        names = [p.name for p in self.pools]
        if len(set(names)) != len(names):
            raise SpecError("pool names must be unique")
        for p in self.pools:
            try:
                _check_name(p.name, "pool name")
            except PoolFileError as exc:
                raise SpecError(str(exc)) from None
            for what, n in (("quota", p.quota), ("alternates", p.alternates)):
                if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                    raise SpecError(f"pool {p.name}: {what} must be a non-negative integer")
        if not self.sources:
            raise SpecError("a draw needs at least one randomness source")
        ids = [i for s in self.sources for i in s.candidates()]
        if len(set(ids)) != len(ids) or not all(isinstance(i, str) and i for i in ids):
            raise SpecError("source ids (including fallbacks) must be unique non-empty strings")
        if isinstance(self.max_weight, bool) or not isinstance(self.max_weight, int):
            raise SpecError("max_weight must be an integer")
        if not 1 <= self.max_weight <= MAX_WEIGHT:
            raise SpecError(f"max_weight must be between 1 and {MAX_WEIGHT}")
        if self.unused_quota not in UNUSED_QUOTA_RULES:
            raise SpecError(f"unused_quota must be one of {UNUSED_QUOTA_RULES}")

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "hash": self.hash,
            "draw_id": self.draw_id,
            "pools": [
                {"name": p.name, "quota": p.quota, "alternates": p.alternates} for p in self.pools
            ],
            "sources": [
                {"id": s.id, "fallbacks": list(s.fallbacks), "description": s.description}
                for s in self.sources
            ],
            "max_weight": self.max_weight,
            "unused_quota": self.unused_quota,
        }

    def to_json(self) -> bytes:
        return canonical_json(self.to_dict())

    @classmethod
    def from_dict(cls, data: Mapping) -> DrawSpec:
        try:
            return cls(
                draw_id=data["draw_id"],
                pools=tuple(
                    PoolSpec(p["name"], p["quota"], p.get("alternates", 0)) for p in data["pools"]
                ),
                sources=tuple(
                    SourceSpec(s["id"], tuple(s.get("fallbacks", ())), s.get("description", ""))
                    for s in data["sources"]
                ),
                max_weight=data.get("max_weight", 1),
                unused_quota=data.get("unused_quota", "error"),
                hash=data.get("hash", HASH_NAME),
                version=data.get("version", VERSION),
            )
        except (KeyError, TypeError) as exc:
            raise SpecError(f"malformed specification: {exc!r}") from None

    @classmethod
    def from_json(cls, raw: bytes | str) -> DrawSpec:
        return cls.from_dict(json.loads(raw))


@dataclass(frozen=True)
class QuotaPlan:
    """Quota after moves, fixed by the frozen pool sizes (before any randomness)."""

    pool: str
    quota: int
    effective: int
    moved_in: int
    moved_out: int
    alternates: int


def plan_quotas(spec: DrawSpec, sizes: Mapping[str, int]) -> tuple[list[QuotaPlan], int]:
    """Effective quota per pool and the quota left unallocated after the last pool.

    Rule (ADR 0003): an empty pool is an error. A quota larger than its pool is an error
    when unused_quota is "error"; with "move-next" the unused part moves to the next pool
    in specification order, and what the last pool cannot use is left unallocated.
    Either way this is decided at the freeze, before any randomness exists.
    """
    plans: list[QuotaPlan] = []
    carry = 0
    for p in spec.pools:
        size = sizes.get(p.name, 0)
        if size == 0:
            raise EmptyPool(f"pool {p.name} has no records")
        wanted = p.quota + carry
        if wanted > size and spec.unused_quota == "error":
            raise QuotaExceedsPool(f"pool {p.name}: quota {wanted} exceeds its {size} records")
        effective = min(wanted, size)
        plans.append(
            QuotaPlan(
                p.name,
                p.quota,
                effective,
                carry,
                wanted - effective,
                min(p.alternates, size - effective),
            )
        )
        carry = wanted - effective
    return plans, carry


def load_pool(spec: DrawSpec, data: bytes) -> PoolFile:
    """Parse the pool file and check it against the specification's pools and weights."""
    pool = parse_pool_file(data, spec.max_weight)
    known = {p.name for p in spec.pools}
    for name in pool.pools:
        if name not in known:
            raise PoolFileError(f"pool {name!r} is not named in the specification")
    plan_quotas(spec, {n: len(r.codes) for n, r in pool.pools.items()})
    return pool


def commitment(spec: DrawSpec, pool: PoolFile, notary_c: bytes, root: bytes | None = None) -> dict:
    """The T−1 publication: pool hashes, counts and tickets, and the notary's c_N."""
    root = root if root is not None else pool.merkle_root()
    return {
        "version": VERSION,
        "hash": HASH_NAME,
        "draw_id": spec.draw_id,
        "spec_sha256": _sha256(spec.to_json()).hexdigest(),
        "file_hash": pool.file_hash.hex(),
        "merkle_root": root.hex(),
        "records": len(pool.lines),
        "pools": {
            p.name: {
                "records": len(pool.pools[p.name].codes),
                "tickets": pool.pools[p.name].tickets,
            }
            for p in spec.pools
        },
        "notary_commitment": _hex32(notary_c, "c_N").hex(),
    }


@dataclass
class DrawResult:
    """The published outcome; `to_json()` is what the verifier compares byte for byte."""

    spec: DrawSpec
    commitment: dict
    sources_used: list[dict]
    canonical_sources: str
    notary_reveal: bytes
    seed: bytes
    pools: list[dict]
    unallocated_quota: int

    def to_dict(self) -> dict:
        return {
            "version": VERSION,
            "hash": HASH_NAME,
            "draw_id": self.spec.draw_id,
            "commitment": self.commitment,
            "sources": {"used": self.sources_used, "canonical": self.canonical_sources},
            "notary_reveal": self.notary_reveal.hex(),
            "seed": self.seed.hex(),
            "pools": self.pools,
            "unallocated_quota": self.unallocated_quota,
        }

    def to_json(self) -> bytes:
        return canonical_json(self.to_dict())


def _entries(rows: Sequence[tuple[bytes, bytes]], start: int) -> list[dict]:
    return [
        {"rank": start + i, "code": c.decode("utf-8"), "key": k.hex()}
        for i, (k, c) in enumerate(rows)
    ]


def select(spec: DrawSpec, pool: PoolFile, seed: bytes) -> tuple[list[dict], int]:
    """Winners and ordered alternates per pool, in specification order."""
    plans, unallocated = plan_quotas(spec, {n: len(r.codes) for n, r in pool.pools.items()})
    out = []
    for plan in plans:
        records = pool.pools[plan.pool]
        ranked = smallest_keys(
            seed, plan.pool, records.codes, records.weights, plan.effective + plan.alternates
        )
        out.append(
            {
                "name": plan.pool,
                "quota": plan.quota,
                "quota_moved_in": plan.moved_in,
                "quota_moved_out": plan.moved_out,
                "effective_quota": plan.effective,
                "winners": _entries(ranked[: plan.effective], 1),
                "alternates": _entries(ranked[plan.effective :], 1),
            }
        )
    return out, unallocated


def run_draw(
    spec: DrawSpec,
    pool_data: bytes,
    published_sources: Mapping[str, object],
    r_n: bytes,
    notary_c: bytes,
) -> DrawResult:
    """The whole draw: check the pool and the notary reveal, derive the seed, select."""
    pool = load_pool(spec, pool_data)
    check_notary_reveal(spec.draw_id, r_n, notary_c)
    root = pool.merkle_root()
    committed = commitment(spec, pool, notary_c, root)
    canonical, used = resolve_sources(spec.sources, published_sources)
    seed = derive_seed(spec.draw_id, pool.file_hash, root, canonical, r_n)
    pools, unallocated = select(spec, pool, seed)
    return DrawResult(spec, committed, used, canonical, r_n, seed, pools, unallocated)


def receipt_outcome(receipt: Mapping, result: Mapping) -> dict:
    """Where one applicant stands in a published result (after verifying the receipt).

    Raises ReceiptError if the receipt is not in the committed pool, or if the applicant's
    key should have placed them among the listed winners or alternates but it did not.
    """
    verify_receipt(receipt, result["commitment"]["merkle_root"])
    code, pool_name, weight = receipt["line"].split(",")
    key = record_key(bytes.fromhex(result["seed"]), pool_name, code, int(weight))
    for pool in result["pools"]:
        if pool["name"] != pool_name:
            continue
        listed = [("winner", e) for e in pool["winners"]] + [
            ("alternate", e) for e in pool["alternates"]
        ]
        for outcome, entry in listed:
            if entry["code"] == code:
                if entry["key"] != key.hex():
                    raise ReceiptError(f"published key for {code} differs from the recomputed key")
                return {
                    "code": code,
                    "pool": pool_name,
                    "key": key.hex(),
                    "outcome": outcome,
                    "rank": entry["rank"],
                }
        if listed:
            last = listed[-1][1]
            if (key, code.encode()) < (bytes.fromhex(last["key"]), last["code"].encode()):
                raise ReceiptError(f"{code} ranks before the last listed entry but is not listed")
        return {
            "code": code,
            "pool": pool_name,
            "key": key.hex(),
            "outcome": "not selected",
            "rank": None,
        }
    raise ReceiptError(f"pool {pool_name} is not in the result")


# -- inspection variant (§5.4) -----------------------------------------------------------


def inspection_head(seed: bytes, *parts: str, tag: bytes = TAG_INSPECTION) -> bytes:
    """The fields tag ‖ seed ‖ part ‖ … that an inspection key hashes before the id."""
    return b"".join(field(f) for f in (tag, seed, *(p.encode("utf-8") for p in parts)))


def inspection_key(seed: bytes, *parts: str, tag: bytes = TAG_INSPECTION) -> bytes:
    """H(tag ‖ seed ‖ part ‖ …), e.g. parts ("target", stratum, id) or ("insp", target, inspector)."""
    return _sha256(inspection_head(seed, *parts, tag=tag)).digest()


def keyed_smallest(head: bytes, codes: Sequence[tuple[bytes, str]], count: int) -> list[tuple[bytes, bytes, str]]:
    """The `count` smallest (H(head ‖ field(code)), code bytes, code) of (code bytes, code)
    pairs, sorted: the same answer as sorting every key (see _smallest_under_bound). Each
    key continues a hash state of the fixed head (one copy per code) — the inner loop of
    team formation and target selection."""
    return _smallest_under_bound(count, len(codes), lambda bound: _keys_under(head, codes, bound))


def _keys_under(head: bytes, codes: Iterable[tuple[bytes, str]],
                bound: bytes | None) -> list[tuple[bytes, bytes, str]]:
    top = bound if bound is not None else b"\xff" * 33  # above every 32-byte key
    states: dict[int, object] = {}
    out = []
    for raw, code in codes:
        state = states.get(len(raw))
        if state is None:
            state = states[len(raw)] = _sha256(head + len(raw).to_bytes(4, "big"))
        h = state.copy()
        h.update(raw)
        if (d := h.digest()) < top:
            out.append((d, raw, code))
    return out


def encoded(codes: Iterable[str]) -> list[tuple[bytes, str]]:
    """(UTF-8 bytes, code) pairs for keyed_smallest."""
    return [(code.encode("utf-8"), code) for code in codes]


def select_targets(
    seed: bytes,
    strata: Mapping[str, Iterable[str]],
    counts: Mapping[str, int],
    *,
    tag: bytes = TAG_INSPECTION,
) -> dict[str, list[str]]:
    """Per stratum, the n_s ids with the smallest H(tag ‖ seed ‖ "target" ‖ s ‖ id)."""
    chosen: dict[str, list[str]] = {}
    for stratum in sorted(strata):
        ids = strata[stratum]
        ids = ids if isinstance(ids, Sequence) else list(ids)
        n = counts.get(stratum, 0)
        if len(set(ids)) != len(ids):
            raise DuplicateCode(f"stratum {stratum}: an id appears more than once")
        if n > len(ids):
            raise QuotaExceedsPool(f"stratum {stratum}: {n} targets asked of {len(ids)}")
        chosen[stratum] = [i for _, _, i in stratum_smallest(seed, stratum, ids, n, tag=tag)]
    return chosen


def stratum_smallest(seed: bytes, stratum: str, ids: Iterable[str], n: int, *,
                     tag: bytes = TAG_INSPECTION) -> list[tuple[bytes, bytes, str]]:
    """The n smallest (H(tag ‖ seed ‖ "target" ‖ stratum ‖ id), id bytes, id), sorted."""
    return keyed_smallest(inspection_head(seed, "target", stratum, tag=tag), encoded(ids), n)


def target_order(
    seed: bytes, selected: Mapping[str, Sequence[str]], *, tag: bytes = TAG_INSPECTION
) -> list[str]:
    """Selected targets across strata in their key order (processing order for teams)."""
    keyed = [
        (inspection_key(seed, "target", s, i, tag=tag), i.encode("utf-8"), i)
        for s in sorted(selected)
        for i in selected[s]
    ]
    return [i for _, _, i in sorted(keyed)]


def inspector_order(
    seed: bytes, target: str, inspectors: Iterable[str], *, tag: bytes = TAG_INSPECTION
) -> list[str]:
    """A target's inspectors by H(tag ‖ seed ‖ "insp" ‖ target ‖ inspector), ties by id."""
    head = inspection_head(seed, "insp", target, tag=tag)
    keyed = sorted(
        (_sha256(head + field(i.encode("utf-8"))).digest(), i.encode("utf-8"), i)
        for i in inspectors
    )
    return [i for _, _, i in keyed]


Eligible = Callable[[str, tuple[str, ...], str], bool]
"""eligible(target, team_so_far, inspector): conflicts, certificates, pairing rule."""


@dataclass
class Assignment:
    """One target's team, or "unassignable" (kept, never dropped) with the reason."""

    target: str
    team: tuple[str, ...]
    status: str
    reason: str = ""
    partial: tuple[str, ...] = ()


def _capacity_of(capacity: Mapping[str, int] | int, inspector: str) -> int:
    return capacity if isinstance(capacity, int) else capacity.get(inspector, 0)


def assign_teams(
    seed: bytes,
    targets: Sequence[str],
    inspectors: Sequence[str] | Callable[[str], Sequence[str]],
    team_size: int,
    capacity: Mapping[str, int] | int,
    eligible: Eligible = lambda target, team, inspector: True,
    *,
    tag: bytes = TAG_INSPECTION,
    load: dict[str, int] | None = None,
) -> list[Assignment]:
    """Fill each target's slots, in the given (key) order, greedily by inspector key.

    `inspectors` may be a callable giving each target's candidate list, so callers can
    narrow by region or department before hashing. A target whose slots cannot all be
    filled is "unassignable" and its partial picks do not consume capacity.
    """
    load = {} if load is None else load
    out = []
    for target in targets:
        candidates = inspectors(target) if callable(inspectors) else inspectors
        team: tuple[str, ...] = ()
        for inspector in inspector_order(seed, target, candidates, tag=tag):
            if len(team) == team_size:
                break
            if inspector in team or load.get(inspector, 0) >= _capacity_of(capacity, inspector):
                continue
            if eligible(target, team, inspector):
                team += (inspector,)
        if len(team) == team_size:
            for inspector in team:
                load[inspector] = load.get(inspector, 0) + 1
            out.append(Assignment(target, team, "assigned"))
        else:
            reason = f"{len(team)} of {team_size} slots filled by eligible inspectors with capacity"
            out.append(Assignment(target, (), "unassignable", reason, team))
    return out


def replace_inspector(
    seed: bytes,
    target: str,
    team: Sequence[str],
    leaving: str,
    inspectors: Sequence[str],
    capacity: Mapping[str, int] | int,
    load: dict[str, int],
    eligible: Eligible = lambda target, team, inspector: True,
    *,
    excluded: Iterable[str] = (),
    tag: bytes = TAG_INSPECTION,
) -> str | None:
    """递补: the next eligible inspector in this target's key order; None if nobody is.

    Never a re-draw: the order is the same one the team was drawn from. `excluded`
    holds earlier recusals for this target so they are not picked again.
    """
    rest = tuple(i for i in team if i != leaving)
    skip = set(team) | set(excluded) | {leaving}
    for inspector in inspector_order(seed, target, inspectors, tag=tag):
        if inspector in skip or load.get(inspector, 0) >= _capacity_of(capacity, inspector):
            continue
        if eligible(target, rest, inspector):
            load[inspector] = load.get(inspector, 0) + 1
            load[leaving] = max(0, load.get(leaving, 0) - 1)
            return inspector
    return None
