"""The inspection draw's artefacts and rules, as bytes (random-draws.md §5.4; ADR 0009).

No database access: services feed rows in and store what comes out. The stand-alone
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

import hashlib
import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from fazhi.law import draws

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


def pool_from_directory(data: bytes) -> bytes:
    """`uscc,stratum,district` lines → draw-v1 pool lines `uscc,stratum,1`."""
    out = []
    for line in data.split(b"\n")[:-1]:
        out.append(line[: line.rindex(b",")] + b",1")
    return b"\n".join(out) + b"\n"


@dataclass
class Snapshot:
    """Parsed directory snapshot: members per stratum and each entity's district."""

    strata: dict[str, list[str]]
    district: dict[str, str]


def parse_directory(data: bytes) -> Snapshot:
    strata: dict[str, list[str]] = {}
    district: dict[str, str] = {}
    for line in data.decode("utf-8").split("\n")[:-1]:
        code, stratum, where = line.split(",")
        strata.setdefault(stratum, []).append(code)
        district[code] = where
    return Snapshot(strata, district)


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
        self._city = city
        self._regions = regions

    def candidates(self, target: str) -> list[str]:
        return self._city + self._regions.get(self.district.get(target, "-"), [])

    def eligible(self, target: str, team: tuple[str, ...], inspector: str) -> bool:
        entry = self.by_code[inspector]
        if entry.cert_valid_until < self.plan_date or (inspector, target) in self.conflicts:
            return False
        if self.cross_agency and team and len(team) == self.team_size - 1:
            agencies = {self.by_code[m].agency for m in team}
            if agencies == {entry.agency}:
                return False
        return True


PREFIX = 16  # keys looked at before falling back to the full order (same result either way)


def assign(seed: bytes, order: Sequence[str], rules: TeamRules) -> tuple[list[draws.Assignment],
                                                                        dict[str, int]]:
    """draws.assign_teams, computed faster with the same result (tested against it).

    Per target only the PREFIX smallest keys are sorted; when they cannot fill the team
    the rest follow in key order, so the greedy walk sees exactly inspector_order.
    """
    load: dict[str, int] = {}
    fields = {}
    sha = hashlib.sha256
    out = []
    size = rules.team_size
    for target in order:
        head = (draws.field(draws.TAG_INSPECTION) + draws.field(seed) + draws.field(b"insp")
                + draws.field(target.encode("utf-8")))
        keyed = []
        for code in rules.candidates(target):
            cached = fields.get(code)
            if cached is None:
                raw = code.encode("utf-8")
                cached = fields[code] = (draws.field(raw), raw)
            keyed.append((sha(head + cached[0]).digest(), cached[1], code))
        team: tuple[str, ...] = ()
        first = heapq.nsmallest(PREFIX, keyed)
        for batch in (first, sorted(keyed)[len(first):] if len(keyed) > PREFIX else []):
            for _, _, code in batch:
                if len(team) == size:
                    break
                if code in team or load.get(code, 0) >= rules.capacity.get(code, 0):
                    continue
                if rules.eligible(target, team, code):
                    team += (code,)
            if len(team) == size:
                break
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
