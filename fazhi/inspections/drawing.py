"""The inspection draw's artefacts and rules, as bytes (random-draws.md §5.4; ADR 0009).

No database access: the command modules feed rows in and store what comes out. The stand-alone
verifier (verifier/fazhi_verify_inspection.py) re-implements every rule here.

* directory snapshot: one line `uscc,stratum,district` per eligible entity (district
  code or "-"), sorted by USCC, LF; its SHA-256 is committed;
* pool file: the draw-v1 canonical file `uscc,stratum,1` derived from it; file hash and
  Merkle root as in ADR 0003;
* roster: `code,agency,cert_valid_until,capacity,region` (region "-" = city-wide) of
  inspectors eligible on the plan date; conflicts: `inspector,uscc`; both sorted, LF,
  SHA-256 committed, contents internal (auditors get them);
* n_s = round(N_s · ratio_bp / 10000) by the plan's rounding, then at least `min`, at
  most `max`, at most N_s;
* targets: draws.select_targets; processing order: draws.target_order;
* team candidates of a target: roster inspectors whose region is "-" or the target's
  district; eligible = not conflicted with the target, certificate valid on the plan
  date, and for a joint plan the last slot must bring a second agency if the team so far
  is from one agency; capacity per inspector from the roster.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import multiprocessing as mp
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from fazhi.law import draws

T = TypeVar("T")
R = TypeVar("R")

KIND = "inspection"


def stratum_count(size: int, ratio_bp: int, rounding: str, low: int = 0,
                  high: int | None = None) -> int:
    raw = size * ratio_bp
    if rounding == "ceil":
        n = -(-raw // 10000)
    elif rounding == "floor":
        n = raw // 10000
    elif rounding == "half-even":
        n, rest = divmod(raw, 10000)
        if rest * 2 > 10000 or (rest * 2 == 10000 and n % 2 == 1):
            n += 1
    else:
        raise ValueError(f"unknown rounding {rounding!r}")
    n = max(n, low)
    if high is not None:
        n = min(n, high)
    return min(n, size)


def directory_file(rows: Iterable[tuple[str, str, str]]) -> bytes:
    """Canonical snapshot from (uscc, stratum, district code or "")."""
    lines = sorted(f"{u},{s},{d or '-'}" for u, s, d in rows)
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


_LAST_FIELD = re.compile(rb",[^,\n]*\n")


def pool_from_directory(data: bytes) -> bytes:
    """`uscc,stratum,district` lines → draw-v1 pool lines `uscc,stratum,1`."""
    return _LAST_FIELD.sub(b",1\n", data)


class Districts:
    """uscc → district code of a directory snapshot (text), by binary search over its
    sorted lines (a dict of a million entries would cost more to build than the draw's
    few thousand lookups)."""

    def __init__(self, directory: str) -> None:
        self._lines = directory.split("\n")[:-1]

    def get(self, code: str, default: str = "-") -> str:
        key = code + ","
        at = bisect.bisect_left(self._lines, key)
        if at < len(self._lines) and self._lines[at].startswith(key):
            return self._lines[at].rsplit(",", 1)[1]
        return default


_CODE_STRATUM = re.compile(r"^([^,\n]*),([^,\n]*),", re.MULTILINE)


def parse_strata(data: bytes) -> dict[str, list[str]]:
    """Members of each stratum of a directory snapshot, in file order."""
    strata: dict[str, list[str]] = {}
    for code, stratum in _CODE_STRATUM.findall(data.decode("utf-8")):
        members = strata.get(stratum)
        if members is None:
            members = strata[stratum] = []
        members.append(code)
    return strata


@dataclass(frozen=True)
class RosterEntry:
    code: str
    agency: str
    cert_valid_until: str  # ISO date: string order is date order
    capacity: int
    region: str  # "-" = city-wide


def roster_file(entries: Iterable[RosterEntry]) -> bytes:
    lines = sorted(f"{e.code},{e.agency},{e.cert_valid_until},{e.capacity},{e.region or '-'}"
                   for e in entries)
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def parse_roster(data: bytes) -> list[RosterEntry]:
    out = []
    for line in data.decode("utf-8").split("\n")[:-1]:
        code, agency, until, capacity, region = line.split(",")
        out.append(RosterEntry(code, agency, until, int(capacity), region))
    return out


def conflicts_file(pairs: Iterable[tuple[str, str]]) -> bytes:
    lines = sorted({f"{i},{u}" for i, u in pairs})
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def parse_conflicts(data: bytes) -> set[tuple[str, str]]:
    return {tuple(line.split(",", 1)) for line in data.decode("utf-8").split("\n")[:-1]}  # type: ignore[misc]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class TeamRules:
    """Everything team formation needs; used at the draw and for later replacements."""

    roster: list[RosterEntry]
    conflicts: set[tuple[str, str]]
    district: Mapping[str, str]
    plan_date: str
    team_size: int
    cross_agency: bool

    def __post_init__(self) -> None:
        self.by_code = {e.code: e for e in self.roster}
        self.capacity = {e.code: e.capacity for e in self.roster}
        city = [e.code for e in self.roster if e.region == "-"]
        regions: dict[str, list[str]] = {}
        for e in self.roster:
            if e.region != "-":
                regions.setdefault(e.region, []).append(e.code)
        self._city = draws.encoded(city)
        self._regions = {region: self._city + draws.encoded(codes)
                         for region, codes in regions.items()}

    def encoded_candidates(self, target: str) -> list[tuple[bytes, str]]:
        """(code bytes, code) of the inspectors who may cover the target's district."""
        return self._regions.get(self.district.get(target, "-"), self._city)

    def candidates(self, target: str) -> list[str]:
        return [code for _, code in self.encoded_candidates(target)]

    def eligible(self, target: str, team: tuple[str, ...], inspector: str) -> bool:
        entry = self.by_code[inspector]
        if entry.cert_valid_until < self.plan_date or (inspector, target) in self.conflicts:
            return False
        if self.cross_agency and team and len(team) == self.team_size - 1:
            agencies = {self.by_code[m].agency for m in team}
            if agencies == {entry.agency}:
                return False
        return True


PREFIX = 16  # keys expected to fill a team; the rest follow only when these cannot


def _walk(order: Iterable[str], team: tuple[str, ...], size: int, target: str,
          rules: TeamRules, load: Mapping[str, int]) -> tuple[str, ...]:
    """Greedy slot filling along a target's inspector order (random-draws.md §5.4 step 2)."""
    for code in order:
        if len(team) == size:
            break
        if code in team or load.get(code, 0) >= rules.capacity.get(code, 0):
            continue
        if rules.eligible(target, team, code):
            team += (code,)
    return team


def _first_codes(seed: bytes, target: str, rules: TeamRules) -> list[str]:
    head = draws.inspection_head(seed, "insp", target)
    return [code for _, _, code in
            draws.keyed_smallest(head, rules.encoded_candidates(target), PREFIX)]


PARALLEL_KEYS = 500_000  # below this many hashes, forking costs more than it saves
_SHARED: object = None  # what forked workers inherit instead of receiving it pickled
_FORKING = threading.Lock()  # one fork_map at a time per process (threaded servers)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def fork_map(fn: Callable[[object, T], R], shared: object, jobs: Sequence[T],
             workers: int) -> list[R]:
    """[fn(shared, job) for job in jobs], in forked worker processes when there are
    several workers. The work is pure hashing (no database, no files), and `shared` is
    inherited through fork rather than pickled; where fork is unavailable it runs here."""
    if workers < 2 or len(jobs) < 2 or "fork" not in mp.get_all_start_methods():
        return [fn(shared, job) for job in jobs]
    global _SHARED
    with _FORKING:
        _SHARED = (fn, shared)
        try:
            with mp.get_context("fork").Pool(min(workers, len(jobs))) as pool:
                return pool.map(_run_shared, jobs)
        finally:
            _SHARED = None


def _run_shared(job):  # noqa: ANN001, ANN202 - runs in a worker
    fn, shared = _SHARED  # type: ignore[misc]
    return fn(shared, job)


def _chunks(n: int, parts: int) -> list[tuple[int, int]]:
    size = -(-n // max(parts, 1))
    return [(i, min(n, i + size)) for i in range(0, n, size)] if n else []


def _first_codes_chunk(shared: tuple[bytes, Sequence[str], TeamRules],
                       span: tuple[int, int]) -> list[list[str]]:
    seed, order, rules = shared
    return [_first_codes(seed, t, rules) for t in order[span[0]:span[1]]]


def _all_first_codes(seed: bytes, order: Sequence[str], rules: TeamRules,
                     workers: int) -> Iterable[list[str]]:
    """Each target's PREFIX first candidates. They do not depend on the load, so a large
    draw hashes them in worker processes while the walk stays sequential."""
    keys = sum(len(rules.encoded_candidates(t)) for t in order)
    if keys < PARALLEL_KEYS:
        workers = 1
    spans = _chunks(len(order), workers * 4)
    parts = fork_map(_first_codes_chunk, (seed, order, rules), spans, workers)
    return [codes for part in parts for codes in part]


def _select_chunk(shared: tuple[bytes, bytes, Mapping[str, int]], span: tuple[int, int]
                  ) -> dict[str, tuple[int, list[tuple[bytes, bytes, str]]]]:
    """{stratum: (members in the slice, the slice's n_s smallest keys)}."""
    seed, directory, counts = shared
    strata = parse_strata(directory[span[0]:span[1]])
    return {stratum: (len(codes), draws.stratum_smallest(
                seed, stratum, codes, min(counts.get(stratum, 0), len(codes))))
            for stratum, codes in strata.items()}


def select_targets(seed: bytes, directory: bytes, counts: Mapping[str, int], *,
                   workers: int | None = None) -> dict[str, list[str]]:
    """draws.select_targets over a directory snapshot, in slices of whole lines hashed in
    worker processes; the n_s smallest of the slices' n_s smallest are the n_s smallest
    of the stratum (tested against the kernel). The snapshot is sorted with unique codes
    (checked here), so no code can repeat across slices."""
    workers = default_workers() if workers is None else workers
    if len(directory) < PARALLEL_KEYS * 20:  # about 20 bytes a line
        workers = 1
    _check_sorted_unique(directory)
    spans, start = [], 0
    for _, end in _chunks(len(directory), workers):
        end = directory.find(b"\n", max(end - 1, start)) + 1 or len(directory)
        if end > start:
            spans.append((start, end))
        start = end
    parts = fork_map(_select_chunk, (seed, directory, counts), spans, workers)
    chosen = {}
    for stratum in sorted(counts):
        n, size = counts[stratum], sum(part[stratum][0] for part in parts if stratum in part)
        if n > size:
            raise draws.QuotaExceedsPool(f"stratum {stratum}: {n} targets asked of {size}")
        found = [key for part in parts if stratum in part for key in part[stratum][1]]
        chosen[stratum] = [code for _, _, code in heapq.nsmallest(n, found)]
    return chosen


def _check_sorted_unique(directory: bytes) -> None:
    lines = directory.split(b"\n")[:-1]
    codes = [line[:line.index(b",")] for line in lines]
    if any(a >= b for a, b in zip(codes, codes[1:], strict=False)):
        raise draws.DuplicateCode("the directory snapshot is not sorted by code with each "
                                  "code once")


def _subtree_root(lines: Sequence[bytes], span: tuple[int, int]) -> bytes:
    return draws.merkle_root(lines[span[0]:span[1]])


def merkle_root(lines: Sequence[bytes], *, workers: int | None = None) -> bytes:
    """draws.merkle_root, with the two subtrees of the root hashed in worker processes.

    In this tree (an odd last node carried up), the root over n > 1 leaves is
    H(0x01 ‖ root(first k) ‖ root(rest)) with k the largest power of two below n
    (as in RFC 6962); tested against the kernel for every n up to a few hundred."""
    workers = default_workers() if workers is None else workers
    n = len(lines)
    if n < max(PARALLEL_KEYS, 2) or workers < 2:
        return draws.merkle_root(lines)
    k = 1 << ((n - 1).bit_length() - 1)
    left, right = fork_map(_subtree_root, lines, [(0, k), (k, n)], workers)
    return hashlib.sha256(b"\x01" + left + right).digest()


def assign(seed: bytes, order: Sequence[str], rules: TeamRules, *,
           workers: int | None = None) -> tuple[list[draws.Assignment], dict[str, int]]:
    """draws.assign_teams, computed faster with the same result (tested against it).

    Per target, only the PREFIX smallest keys are found first (draws.keyed_smallest);
    when they cannot fill the team, the target's full inspector order continues the walk,
    so the greedy walk sees exactly draws.inspector_order.
    """
    load: dict[str, int] = {}
    out = []
    size = rules.team_size
    firsts = _all_first_codes(seed, order, rules,
                              default_workers() if workers is None else workers)
    for target, first in zip(order, firsts, strict=True):
        team = _walk(first, (), size, target, rules, load)
        if len(team) < size and len(rules.encoded_candidates(target)) > len(first):
            rest = draws.inspector_order(seed, target, rules.candidates(target))[len(first):]
            team = _walk(rest, team, size, target, rules, load)
        if len(team) == size:
            for code in team:
                load[code] = load.get(code, 0) + 1
            out.append(draws.Assignment(target, team, "assigned"))
        else:
            reason = f"{len(team)} of {size} slots filled by eligible inspectors with capacity"
            out.append(draws.Assignment(target, (), "unassignable", reason, team))
    return out, load


def counts_for(spec: Mapping, sizes: Mapping[str, int]) -> dict[str, int]:
    return {s["name"]: stratum_count(sizes.get(s["name"], 0), s["ratio_bp"], spec["rounding"],
                                     s.get("min", 0), s.get("max"))
            for s in spec["strata"]}
