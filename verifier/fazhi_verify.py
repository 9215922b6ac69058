#!/usr/bin/env python3
# ruff: noqa: B905, UP031
# (zip(strict=...) needs Python 3.10 and this file must run on 3.8; %-format kept for 3.8 quoting.)
"""fazhi_verify: stand-alone verifier for Fazhi "draw-v1" draws and RFC 3797 selections.

One file, Python >= 3.8, standard library only, no project imports: copy it anywhere.
It re-implements the published rules (docs/decisions/0003-draw-v1-protocol.md) on its
own, so it can catch a faulty or dishonest draw program.

  python3 fazhi_verify.py verify-draw --bundle DIR
  python3 fazhi_verify.py verify-draw --spec spec.json --pool pool.csv \\
      --sources sources.json --reveal HEX --result result.json [--commitment commitment.json]
  python3 fazhi_verify.py verify-receipt --receipt receipt.json [--result result.json] [--seed HEX]
  python3 fazhi_verify.py rfc3797 [input.json]      (stdin if no file)

Exit status: 0 all checks passed; 10 + N when check N failed; 2 unusable input.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import heapq
import itertools
import json
import math
import os
import re
import struct
import sys
import unicodedata
from collections.abc import Callable

VERSION = "draw-v1"
TAGS = {
    "notary": b"XM-DRAW-v1/notary",
    "seed": b"XM-DRAW-v1/seed",
    "ticket": b"XM-DRAW-v1/ticket",
}
CHECKS = {
    1: "pool commitment (file hash, Merkle root, counts)",
    2: "notary commitment c_N against r_N",
    3: "source canonicalisation and seed",
    4: "recomputation of every key",
    5: "winners and alternates byte for byte",
}
BUNDLE = {
    "spec": "spec.json",
    "pool": "pool.csv",
    "sources": "sources.json",
    "reveal": "reveal.txt",
    "result": "result.json",
    "commitment": "commitment.json",
}
WEIGHT = re.compile(r"[1-9][0-9]*\Z")
NUMBER = re.compile(r"([0-9]+)(?:\.([0-9]+))?\Z")


class CheckFailed(Exception):
    """A numbered check failed; the message says why."""

    def __init__(self, number: int, reason: str) -> None:
        super().__init__(reason)
        self.number = number


class BadInput(Exception):
    """An input file is missing or unreadable (exit status 2)."""


# -- hashing: every field is a 4-byte big-endian length followed by its bytes ---------


def fields_hasher(*fields: bytes) -> hashlib._Hash:
    h = hashlib.sha256()
    for f in fields:
        h.update(struct.pack(">I", len(f)))
        h.update(f)
    return h


def hash_fields(*fields: bytes) -> bytes:
    return fields_hasher(*fields).digest()


def canonical_json(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


# -- pool file --------------------------------------------------------------------------
#
# A pool is held as (codes, weights): codes in file order as bytes, weights a parallel
# list of ints, or None when every weight is 1 (the usual case). Millions of records
# make per-record Python objects and per-line loops the main cost, so the fast path
# checks the whole file with a few regular expressions and splits it once; any file it
# is not sure about goes through the line-by-line reader, which names the faulty line.

# One canonical line: code,pool,weight with non-empty fields and no leading zero.
POOL_LINES = re.compile(rb"(?:[^,\n]+,[^,\n]+,[1-9][0-9]*\n)+")
CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]")  # every control character except LF
ANY_SPACE = re.compile(r"[^\S\n]")
EDGE_SPACE = re.compile(r"(?m)(?:^|,)[^\S\n]|[^\S\n](?:,|$)")  # str.strip()'s whitespace


def parse_pool(data: bytes, max_weight: int) -> tuple[list[bytes], dict]:
    """Check the canonical form; return the lines and {pool: (codes, weights or None)}."""
    if not data:
        raise ValueError("the pool file is empty")
    if data[-1:] != b"\n" or b"\r" in data:
        raise ValueError("every line must end with LF and no CR may appear")
    if data.isascii():
        text = None  # ASCII is valid UTF-8 in NFC form without a byte-order mark
    else:
        text = data.decode("utf-8")  # UnicodeDecodeError is a ValueError
        if text[:1] == "\ufeff":
            raise ValueError("byte-order mark at the start of the pool file")
        if not unicodedata.is_normalized("NFC", text):
            raise ValueError("the pool file is not in Unicode NFC form")
    fast = _parse_pool_whole(data, text, max_weight)
    if fast is not None:
        return fast
    return _parse_pool_by_line(text if text is not None else data.decode("ascii"), max_weight)


def _parse_pool_whole(data: bytes, text: str | None, max_weight: int) -> tuple | None:
    """The fast path: None when the file needs the line-by-line reader."""
    if CONTROL.search(data) or not POOL_LINES.fullmatch(data):
        return None
    if text is None:
        if b" " in data and EDGE_SPACE.search(data.decode("ascii")):
            return None
    elif ANY_SPACE.search(text) and EDGE_SPACE.search(text):
        return None
    lines = data.split(b"\n")
    lines.pop()  # the empty string after the final LF
    # The full match guarantees three fields a line, so one flat split lines up.
    fields = data[:-1].replace(b"\n", b",").split(b",")
    codes, names, weights = fields[0::3], fields[1::3], fields[2::3]
    del fields
    if not all(map(bytes.__lt__, codes, itertools.islice(codes, 1, None))):
        return None  # a duplicate or out-of-order code
    values = {w: int(w) for w in set(weights)}
    if max(values.values()) > max_weight:
        return None
    ints = None if len(values) == 1 and b"1" in values else [values[w] for w in weights]
    del weights
    pools = {}
    if len(set(names)) == 1:
        pools[names[0].decode("utf-8")] = (codes, ints)
    else:
        for name in dict.fromkeys(names):  # in order of first appearance
            keep = [n == name for n in names]
            mine = list(itertools.compress(codes, keep))
            own = None if ints is None else list(itertools.compress(ints, keep))
            if own is not None and all(w == 1 for w in own):
                own = None
            pools[name.decode("utf-8")] = (mine, own)
    return lines, pools


def _parse_pool_by_line(text: str, max_weight: int) -> tuple[list[bytes], dict]:
    """The line-by-line reader: slow, but it names the first faulty line."""
    lines = text[:-1].split("\n")
    pools: dict[str, tuple[list[bytes], list[int]]] = {}
    previous = None
    for number, line in enumerate(lines, 1):
        parts = line.split(",")
        if len(parts) != 3:
            raise ValueError("line %d: expected code,pool,weight" % number)
        code, pool, weight = parts
        for value in (code, pool):
            if (
                not value
                or value != value.strip()
                or any(ord(ch) < 32 or ord(ch) == 127 for ch in value)
            ):
                raise ValueError(
                    "line %d: empty field, edge whitespace or control character" % number
                )
        if not WEIGHT.match(weight) or int(weight) > max_weight:
            raise ValueError(
                "line %d: weight %r is not an integer in 1..%d" % (number, weight, max_weight)
            )
        raw = code.encode("utf-8")
        if previous is not None and raw <= previous:
            raise ValueError("line %d: code %s is duplicated or out of order" % (number, code))
        previous = raw
        codes, weights = pools.setdefault(pool, ([], []))
        codes.append(raw)
        weights.append(int(weight))
    out = {n: (c, None if all(x == 1 for x in w) else w) for n, (c, w) in pools.items()}
    return [line.encode("utf-8") for line in lines], out


def read_pool(
    data: bytes, max_weight: int
) -> tuple[list[bytes], dict[str, list[tuple[bytes, int]]]]:
    """Check the canonical form; return the lines and (code, weight) per pool in file order."""
    lines, pools = parse_pool(data, max_weight)
    return lines, {
        name: list(zip(codes, weights or [1] * len(codes)))
        for name, (codes, weights) in pools.items()
    }


def merkle_root(lines: list[bytes]) -> bytes:
    # Level by level over lists of digests: the loops run in list comprehensions.
    sha = hashlib.sha256
    level = [sha(b"\x00" + line).digest() for line in lines]
    while len(level) > 1:
        up = [sha(b"\x01" + a + b).digest() for a, b in zip(level[0::2], level[1::2])]
        if len(level) % 2 == 1:
            up.append(level[-1])  # the odd last node is carried up unchanged
        level = up
    return level[0]


def root_from_receipt(line: bytes, index: int, count: int, path: list[bytes]) -> bytes:
    if not 0 <= index < count:
        raise ValueError("receipt index out of range")
    node = hashlib.sha256(b"\x00" + line).digest()
    remaining = list(path)
    while count > 1:
        has_sibling = not (index == count - 1 and count % 2 == 1)
        if has_sibling:
            if not remaining:
                raise ValueError("Merkle path too short")
            sibling = remaining.pop(0)
            left, right = (sibling, node) if index % 2 else (node, sibling)
            node = hashlib.sha256(b"\x01" + left + right).digest()
        index, count = index // 2, (count + 1) // 2
    if remaining:
        raise ValueError("Merkle path too long")
    return node


# -- sources (RFC 3797 canonical text) ------------------------------------------------


def number_parts(value: object) -> tuple[int, str]:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"source value {value!r} is not an integer or decimal text")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("negative source value %d" % value)
        return value, ""
    m = NUMBER.match(value.strip())
    if not m:
        raise ValueError(f"source value {value!r} is not a non-negative decimal")
    return int(m.group(1)), (m.group(2) or "").rstrip("0")


def canon_source(value: object) -> str:
    if isinstance(value, str):
        items = value.split()
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    if not items:
        raise ValueError("empty source value")
    out = ""
    for whole, frac in sorted(number_parts(v) for v in items):
        out += (str(whole) + "." + frac if frac else str(whole)) + "."
    return out + "/"


def rfc3797(sources: list, candidates: list, count: int) -> list:
    if count > len(candidates) or count < 0 or count > 65536:
        raise ValueError("count must be within 0..min(candidates, 65536)")
    key = "".join(canon_source(s) for s in sources).encode("ascii")
    left = list(candidates)
    picked = []
    for i in range(count):
        ctr = struct.pack(">H", i)
        value = int(hashlib.md5(ctr + key + ctr).hexdigest(), 16)
        picked.append(left.pop(value % len(left)))
    return picked


# -- draw -------------------------------------------------------------------------------


def ticket_key(prefix: hashlib._Hash, code: bytes, weight: int) -> bytes:
    best = None
    for j in range(weight):
        h = prefix.copy()
        h.update(struct.pack(">I", len(code)))
        h.update(code)
        h.update(struct.pack(">II", 4, j))
        d = h.digest()
        if best is None or d < best:
            best = d
    return best  # type: ignore[return-value]


def all_keys(seed: bytes, pool: str, records: list[tuple[bytes, int]]) -> list[tuple[bytes, bytes]]:
    prefix = fields_hasher(TAGS["ticket"], seed, pool.encode("utf-8"))
    return [(ticket_key(prefix, code, w), code) for code, w in records]


def key_function(seed: bytes, pool: str, longest: int) -> Callable[[bytes, int], bytes]:
    """A fast ticket_key for codes of at most `longest` bytes: key(code, weight)."""
    # The hash state after tag, seed, pool and the code's length field is computed once
    # per code length and copied, so each ticket hashes only its code and number.
    head = fields_hasher(TAGS["ticket"], seed, pool.encode("utf-8"))
    states = []
    for n in range(longest + 1):
        h = head.copy()
        h.update(struct.pack(">I", n))
        states.append(h.copy)
    tickets = [struct.pack(">II", 4, 0)]

    def key(code: bytes, weight: int = 1) -> bytes:
        copy = states[len(code)]
        h = copy()
        h.update(code + tickets[0])
        best = h.digest()
        if weight > 1:
            while len(tickets) < weight:
                tickets.append(struct.pack(">II", 4, len(tickets)))
            for j in range(1, weight):
                h = copy()
                h.update(code + tickets[j])
                best = min(best, h.digest())
        return best

    return key


def smallest_keys(
    seed: bytes, pool: str, codes: list[bytes], weights: list[int] | None, count: int
) -> list[tuple[bytes, bytes]]:
    """The `count` smallest (key, code) pairs of a pool, sorted: heapq.nsmallest(all_keys)."""
    if count <= 0:
        return []
    key = key_function(seed, pool, max(map(len, codes)))
    # Keys are uniform 256-bit numbers, so about count·(1 + 8/√count) + 64 of them fall
    # below this bound; keeping only those avoids a (key, code) pair per record. If
    # fewer than `count` fall below it (odds about e^-32), a second pass keeps them all,
    # so the answer never depends on the guess.
    expect = count + 8 * math.isqrt(count) + 64
    bound = None if 2 * expect >= len(codes) else ((expect << 256) // len(codes))
    for top in ([bound.to_bytes(32, "big")] if bound is not None else []) + [b"\xff" * 33]:
        if weights is None:
            found = [(d, c) for c in codes if (d := key(c)) < top]
        else:
            found = [(d, c) for c, w in zip(codes, weights) if (d := key(c, w)) < top]
        if len(found) >= count:
            return heapq.nsmallest(count, found)
    return sorted(found)  # count exceeds the pool: every record, ranked


def quota_plan(spec: dict, sizes: dict) -> tuple[list, int]:
    plan, carry = [], 0
    for p in spec["pools"]:
        size = sizes.get(p["name"], 0)
        if size == 0:
            raise ValueError("pool {} is empty".format(p["name"]))
        wanted = p["quota"] + carry
        if wanted > size and spec.get("unused_quota", "error") != "move-next":
            raise ValueError("pool %s: quota %d exceeds %d records" % (p["name"], wanted, size))
        take = min(wanted, size)
        plan.append((p, carry, wanted - take, take, min(p.get("alternates", 0), size - take)))
        carry = wanted - take
    return plan, carry


def listed(entries: list, start: int = 1) -> list:
    return [
        {"rank": start + n, "code": c.decode("utf-8"), "key": k.hex()}
        for n, (k, c) in enumerate(entries)
    ]


def resolve(spec: dict, values: dict) -> tuple[str, list]:
    text, used = "", []
    for slot, src in enumerate(spec["sources"]):
        ids = [src["id"]] + list(src.get("fallbacks", []))
        skipped = []
        for n, sid in enumerate(ids):
            if values.get(sid) is None:
                skipped.append(sid)
                continue
            text += canon_source(values[sid])
            used.append(
                {"slot": slot, "id": sid, "fallback": n, "skipped": skipped, "value": values[sid]}
            )
            break
        else:
            raise ValueError(
                "source slot %d (%s) and all its fallbacks are missing" % (slot, src["id"])
            )
    return text, used


def verify_draw(
    spec: dict,
    pool_data: bytes,
    sources: dict,
    reveal: bytes,
    result: dict,
    commitment: dict | None,
    say: Callable[[str], None],
) -> None:
    com = result.get("commitment", {})
    draw_id = spec["draw_id"]

    def run(number: int, fn: Callable[[], object]) -> object:
        try:
            out = fn()
        except CheckFailed:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            raise CheckFailed(number, f"{type(exc).__name__}: {exc}") from None
        say("check %d %s: OK" % (number, CHECKS[number]))
        return out

    def check1() -> dict:
        if spec.get("version") != VERSION or spec.get("hash", "sha256") != "sha256":
            raise CheckFailed(1, "unsupported version or hash in the specification")
        if result.get("draw_id") != draw_id or com.get("draw_id") != draw_id:
            raise CheckFailed(1, "draw id differs between specification and result")
        spec_hash = hashlib.sha256(canonical_json(spec) + b"\n").hexdigest()
        lines, pools = parse_pool(pool_data, spec.get("max_weight", 1))
        names = [p["name"] for p in spec["pools"]]
        stray = sorted(set(pools) - set(names))
        if stray:
            raise CheckFailed(1, f"pool file names pools not in the specification: {stray}")
        mine = {
            "spec_sha256": spec_hash,
            "file_hash": hashlib.sha256(pool_data).hexdigest(),
            "merkle_root": merkle_root(lines).hex(),
            "records": len(lines),
            "pools": {
                n: {
                    "records": len(codes),
                    "tickets": len(codes) if weights is None else sum(weights),
                }
                for n in names
                for codes, weights in [pools.get(n, ([], None))]
            },
        }
        for claim, where in ((com, "result"), (commitment, "commitment file")):
            if claim is None:
                continue
            for k, v in mine.items():
                if claim.get(k) != v:
                    raise CheckFailed(
                        1,
                        f"{k} differs from the {where}: computed {v}, published {claim.get(k)}",
                    )
        if commitment is not None and commitment.get("notary_commitment") != com.get(
            "notary_commitment"
        ):
            raise CheckFailed(1, "notary commitment in the result differs from the commitment file")
        say("  file hash   {}".format(mine["file_hash"]))
        say("  Merkle root %s (%d records)" % (mine["merkle_root"], mine["records"]))
        return pools

    def check2() -> None:
        if len(reveal) != 32:
            raise CheckFailed(2, "r_N must be 32 bytes")
        c_n = hash_fields(TAGS["notary"], draw_id.encode("utf-8"), reveal)
        if c_n.hex() != com.get("notary_commitment"):
            raise CheckFailed(
                2,
                "H(tag, draw_id, r_N) = {} does not match c_N {}".format(
                    c_n.hex(), com.get("notary_commitment")
                ),
            )
        if result.get("notary_reveal") != reveal.hex():
            raise CheckFailed(2, "the result publishes a different r_N")

    def check3() -> bytes:
        text, used = resolve(spec, sources["values"])
        published = result.get("sources", {})
        if published.get("canonical") != text:
            raise CheckFailed(
                3,
                "canonical sources {!r} differ from the published {!r}".format(
                    text, published.get("canonical")
                ),
            )
        if canonical_json(published.get("used")) != canonical_json(used):
            raise CheckFailed(3, "the record of sources used (fallbacks) differs")
        seed = hash_fields(
            TAGS["seed"],
            draw_id.encode("utf-8"),
            bytes.fromhex(com["file_hash"]),
            bytes.fromhex(com["merkle_root"]),
            text.encode("ascii"),
            reveal,
        )
        if seed.hex() != result.get("seed"):
            raise CheckFailed(
                3, "seed {} differs from the published {}".format(seed.hex(), result.get("seed"))
            )
        say(f"  sources     {text}")
        say(f"  seed        {seed.hex()}")
        return seed

    pools = run(1, check1)
    run(2, check2)
    seed = run(3, check3)

    def check4() -> None:
        # Only the published entries need their keys here; check 5 recomputes every
        # key while ranking. Codes are sorted, so a binary search finds each record.
        published = {p.get("name"): p for p in result.get("pools", [])}
        for p in spec["pools"]:
            name = p["name"]
            codes, weights = pools.get(name, ([], None))
            key = key_function(seed, name, max(map(len, codes), default=0))
            entries = published.get(name, {})
            claimed = entries.get("winners", []) + entries.get("alternates", [])
            for e, code in zip(claimed, [e["code"].encode("utf-8") for e in claimed]):
                at = bisect.bisect_left(codes, code)
                if at == len(codes) or codes[at] != code:
                    raise CheckFailed(4, "{} is not a record of pool {}".format(e["code"], name))
                k = key(code, 1 if weights is None else weights[at])
                if k.hex() != e["key"]:
                    raise CheckFailed(
                        4,
                        "key of {}: computed {}, published {}".format(e["code"], k.hex(), e["key"]),
                    )

    run(4, check4)

    def check5() -> None:
        plan, left = quota_plan(spec, {n: len(codes) for n, (codes, _) in pools.items()})
        mine = []
        for p, moved_in, moved_out, take, alternates in plan:
            codes, weights = pools[p["name"]]
            ranked = smallest_keys(seed, p["name"], codes, weights, take + alternates)
            mine.append(
                {
                    "name": p["name"],
                    "quota": p["quota"],
                    "quota_moved_in": moved_in,
                    "quota_moved_out": moved_out,
                    "effective_quota": take,
                    "winners": listed(ranked[:take]),
                    "alternates": listed(ranked[take:]),
                }
            )
        if canonical_json(mine) != canonical_json(result.get("pools")):
            raise CheckFailed(5, "recomputed winners/alternates differ from the published result")
        if left != result.get("unallocated_quota"):
            raise CheckFailed(
                5,
                "unallocated quota %d differs from the published %r"
                % (left, result.get("unallocated_quota")),
            )
        for p in mine:
            say(
                "  pool %s: %d winners, %d alternates"
                % (p["name"], len(p["winners"]), len(p["alternates"]))
            )

    run(5, check5)


def receipt_check(
    receipt: dict, result: dict | None, seed_hex: str | None, say: Callable[[str], None]
) -> None:
    line = receipt["line"].encode("utf-8")
    path = [bytes.fromhex(h) for h in receipt["path"]]
    try:
        root = root_from_receipt(line, receipt["index"], receipt["leaf_count"], path)
    except ValueError as exc:
        raise CheckFailed(1, str(exc)) from None
    published = result["commitment"]["merkle_root"] if result else receipt["merkle_root"]
    if root.hex() != receipt["merkle_root"] or root.hex() != published:
        raise CheckFailed(1, f"the path leads to {root.hex()}, not the published root {published}")
    say("check 1 inclusion in the committed pool: OK ({})".format(receipt["line"]))
    if seed_hex is None and result is None:
        return
    seed_hex = seed_hex or result["seed"]  # type: ignore[index]
    if result is not None and result["seed"] != seed_hex:
        raise CheckFailed(2, "the given seed differs from the result's seed")
    code, pool, weight = receipt["line"].split(",")
    prefix = fields_hasher(TAGS["ticket"], bytes.fromhex(seed_hex), pool.encode("utf-8"))
    key = ticket_key(prefix, code.encode("utf-8"), int(weight))
    say(f"  key {key.hex()}")
    if result is None:
        return
    for p in result["pools"]:
        if p["name"] != pool:
            continue
        entries = [("winner", e) for e in p["winners"]] + [
            ("alternate", e) for e in p["alternates"]
        ]
        for kind, e in entries:
            if e["code"] == code:
                if e["key"] != key.hex():
                    raise CheckFailed(2, "the published key differs from the recomputed key")
                say("check 2 outcome: OK (%s, rank %d in pool %s)" % (kind, e["rank"], pool))
                return
        if entries:
            last = entries[-1][1]
            if (key, code.encode("utf-8")) < (
                bytes.fromhex(last["key"]),
                last["code"].encode("utf-8"),
            ):
                raise CheckFailed(
                    2, "{} should rank before {} but is not listed".format(code, last["code"])
                )
        say("check 2 outcome: OK (not selected; key after the last listed entry)")
        return
    raise CheckFailed(2, f"pool {pool} is not in the result")


# -- command line -----------------------------------------------------------------------


def load_json(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput(f"{path}: {exc}") from None


def read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise BadInput(str(exc)) from None


def cmd_verify_draw(args: argparse.Namespace) -> int:
    paths = {}
    if args.bundle:
        paths = {k: os.path.join(args.bundle, v) for k, v in BUNDLE.items()}
        if not os.path.exists(paths["commitment"]):
            paths["commitment"] = None  # type: ignore[assignment]
        reveal_text = read_bytes(paths["reveal"]).decode("ascii", "replace")
    else:
        missing = [
            n for n in ("spec", "pool", "sources", "reveal", "result") if not getattr(args, n)
        ]
        if missing:
            raise BadInput("missing --{} (or use --bundle DIR)".format(", --".join(missing)))
        paths = {k: getattr(args, k) for k in BUNDLE if k != "reveal"}
        reveal_text = args.reveal
    try:
        reveal = bytes.fromhex(reveal_text.strip())
    except ValueError:
        raise BadInput("r_N must be hex") from None
    spec = load_json(paths["spec"])
    result = load_json(paths["result"])
    sources = load_json(paths["sources"])
    commitment = load_json(paths["commitment"]) if paths.get("commitment") else None
    pool_data = read_bytes(paths["pool"])
    try:
        verify_draw(spec, pool_data, sources, reveal, result, commitment, print)
    except CheckFailed as exc:
        return fail(exc, CHECKS)
    print("ALL CHECKS PASSED for draw {}".format(spec["draw_id"]))
    return 0


def fail(exc: CheckFailed, names: dict) -> int:
    print("check %d %s: FAIL - %s" % (exc.number, names[exc.number], exc))
    for n in range(exc.number + 1, max(names) + 1):
        print("check %d %s: SKIPPED" % (n, names[n]))
    print("FAILED at check %d (%s)" % (exc.number, names[exc.number]))
    return 10 + exc.number


def cmd_verify_receipt(args: argparse.Namespace) -> int:
    receipt = load_json(args.receipt)
    result = load_json(args.result) if args.result else None
    try:
        receipt_check(receipt, result, args.seed, print)
    except CheckFailed as exc:
        return fail(exc, {1: "inclusion in the committed pool", 2: "outcome"})
    return 0


def cmd_rfc3797(args: argparse.Namespace) -> int:
    raw = read_bytes(args.input) if args.input else sys.stdin.buffer.read()
    try:
        data = json.loads(raw.decode("utf-8"))
        for name in rfc3797(data["sources"], data["candidates"], data["count"]):
            print(name)
    except (ValueError, KeyError, TypeError) as exc:
        raise BadInput(f"rfc3797 input: {exc}") from None
    return 0


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fazhi_verify", description="Verify draw-v1 draws.")
    sub = parser.add_subparsers(dest="command")
    d = sub.add_parser("verify-draw", help="re-run and check a whole draw")
    d.add_argument("--bundle", help="directory with {}".format(", ".join(BUNDLE.values())))
    for name in ("spec", "pool", "sources", "result", "commitment"):
        d.add_argument("--" + name)
    d.add_argument("--reveal", help="the notary's r_N in hex")
    r = sub.add_parser("verify-receipt", help="check one applicant's inclusion and outcome")
    r.add_argument("--receipt", required=True)
    r.add_argument("--result")
    r.add_argument("--seed")
    s = sub.add_parser("rfc3797", help="RFC 3797 selection from a JSON input")
    s.add_argument("input", nargs="?")
    args = parser.parse_args(argv)
    commands = {
        "verify-draw": cmd_verify_draw,
        "verify-receipt": cmd_verify_receipt,
        "rfc3797": cmd_rfc3797,
    }
    if args.command not in commands:
        parser.print_help()
        return 2
    try:
        return commands[args.command](args)
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
