#!/usr/bin/env python3
# ruff: noqa: UP031, UP006, UP035, UP045, B905
# (this file must run on Python 3.8: typing.List/Dict, %-format, zip without strict)
"""fazhi_verify_inspection: stand-alone verifier for Fazhi double-random inspection draws.

One file, Python >= 3.8, standard library only, no project imports: copy it anywhere.
It re-implements the published rules (docs/decisions/0009-inspections-credit.md, on top
of draw-v1 in docs/decisions/0003-draw-v1-protocol.md) on its own.

  python3 fazhi_verify_inspection.py verify-inspection --bundle DIR [--internal]

DIR holds spec.json, directory.csv, sources.json, reveal.txt, result.json and optionally
commitment.json; with --internal (auditors) also roster.csv, conflicts.csv, teams.json,
and the team assignment and per-inspector counts are re-run too.

Exit status: 0 all checks passed; 10 + N when check N failed; 2 unusable input.
"""

import argparse
import hashlib
import heapq
import json
import os
import re
import struct
import sys
import unicodedata
from typing import Callable, Dict, List, Optional, Tuple

VERSION = "draw-v1"
TAG_NOTARY = b"XM-DRAW-v1/notary"
TAG_SEED = b"XM-DRAW-v1/seed"
TAG_INSPECTION = b"XM-DRAW-v1/inspection"
CHECKS = {
    1: "commitments (plan, directory, pool file hash, Merkle root, counts, roster, conflicts)",
    2: "notary commitment c_N against r_N",
    3: "source canonicalisation and seed",
    4: "sample size per stratum and every target key",
    5: "targets and processing order byte for byte",
    6: "team assignment and per-inspector counts (internal artefacts)",
}
NUMBER = re.compile(r"([0-9]+)(?:\.([0-9]+))?\Z")


class CheckFailed(Exception):
    def __init__(self, number: int, reason: str) -> None:
        super().__init__(reason)
        self.number = number


class BadInput(Exception):
    pass


def fields(*parts: bytes) -> bytes:
    return b"".join(struct.pack(">I", len(p)) + p for p in parts)


def hash_fields(*parts: bytes) -> bytes:
    return hashlib.sha256(fields(*parts)).digest()


def canonical_json(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8") + b"\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- files ------------------------------------------------------------------------------


def lines_of(data: bytes, what: str, width: int) -> List[List[str]]:
    """Canonical CSV lines: UTF-8 NFC, LF-terminated, no CR, exactly `width` fields."""
    if not data:
        return []
    if data[-1:] != b"\n" or b"\r" in data:
        raise ValueError("%s: every line must end with LF and no CR may appear" % what)
    text = data.decode("utf-8")
    if unicodedata.normalize("NFC", text) != text:
        raise ValueError("%s is not in Unicode NFC form" % what)
    out = []
    for number, line in enumerate(text[:-1].split("\n"), 1):
        parts = line.split(",")
        if len(parts) != width or any(not p or p != p.strip() for p in parts):
            raise ValueError("%s line %d: expected %d non-empty fields" % (what, number, width))
        out.append(parts)
    return out


def directory(data: bytes) -> Tuple[bytes, Dict[str, List[str]], Dict[str, str]]:
    """(pool file bytes, codes per stratum in file order, district per code)."""
    rows = lines_of(data, "directory.csv", 3)
    previous = None
    strata = {}  # type: Dict[str, List[str]]
    district = {}
    pool_lines = []
    for number, (code, stratum, where) in enumerate(rows, 1):
        raw = code.encode("utf-8")
        if previous is not None and raw <= previous:
            raise ValueError("directory.csv line %d: %s duplicated or out of order" % (number, code))
        previous = raw
        strata.setdefault(stratum, []).append(code)
        district[code] = where
        pool_lines.append("%s,%s,1" % (code, stratum))
    pool = ("\n".join(pool_lines) + "\n").encode("utf-8") if pool_lines else b""
    return pool, strata, district


def merkle_root(lines: List[bytes]) -> bytes:
    level = [hashlib.sha256(b"\x00" + line).digest() for line in lines]
    while len(level) > 1:
        nxt = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest()
               for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


# -- sources (RFC 3797 canonical text, as draw-v1) -------------------------------------------


def number_parts(value: object) -> Tuple[int, str]:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("source value %r is not an integer or decimal text" % (value,))
    if isinstance(value, int):
        if value < 0:
            raise ValueError("negative source value %d" % value)
        return value, ""
    m = NUMBER.match(value.strip())
    if not m:
        raise ValueError("source value %r is not a non-negative decimal" % (value,))
    return int(m.group(1)), (m.group(2) or "").rstrip("0")


def canon_source(value: object) -> str:
    items = value.split() if isinstance(value, str) else (
        value if isinstance(value, list) else [value])
    if not items:
        raise ValueError("empty source value")
    out = ""
    for whole, frac in sorted(number_parts(v) for v in items):
        out += (str(whole) + "." + frac if frac else str(whole)) + "."
    return out + "/"


def resolve(spec: dict, values: dict) -> Tuple[str, list]:
    text, used = "", []
    for slot, src in enumerate(spec["sources"]):
        ids = [src["id"]] + list(src.get("fallbacks", []))
        skipped = []
        for n, sid in enumerate(ids):
            if values.get(sid) is None:
                skipped.append(sid)
                continue
            text += canon_source(values[sid])
            used.append({"slot": slot, "id": sid, "fallback": n, "skipped": skipped,
                         "value": values[sid]})
            break
        else:
            raise ValueError("source slot %d (%s) and its fallbacks are missing" % (slot, src["id"]))
    return text, used


# -- selection rules --------------------------------------------------------------------------


def stratum_count(size: int, rule: dict, rounding: str) -> int:
    raw = size * rule["ratio_bp"]
    if rounding == "ceil":
        n = -(-raw // 10000)
    elif rounding == "floor":
        n = raw // 10000
    elif rounding == "half-even":
        n, rest = divmod(raw, 10000)
        if rest * 2 > 10000 or (rest * 2 == 10000 and n % 2 == 1):
            n += 1
    else:
        raise ValueError("unknown rounding %r" % rounding)
    n = max(n, rule.get("min", 0))
    if rule.get("max") is not None:
        n = min(n, rule["max"])
    return min(n, size)


def target_key(seed: bytes, stratum: str, code: str) -> bytes:
    return hash_fields(TAG_INSPECTION, seed, b"target", stratum.encode("utf-8"),
                       code.encode("utf-8"))


def inspector_order(seed: bytes, target: str, inspectors: List[str]) -> List[str]:
    head = fields(TAG_INSPECTION, seed, b"insp", target.encode("utf-8"))
    keyed = sorted((hashlib.sha256(head + fields(i.encode("utf-8"))).digest(),
                    i.encode("utf-8"), i) for i in inspectors)
    return [i for _, _, i in keyed]


def assign_teams(seed: bytes, order: List[str], spec: dict, roster: List[List[str]],
                 conflicts: set, district: Dict[str, str]) -> Tuple[list, Dict[str, int]]:
    pairing = spec["pairing"]
    size, cross, valid_on = pairing["team_size"], pairing["cross_agency"], pairing[
        "certificate_valid_on"]
    info = {r[0]: (r[1], r[2], int(r[3]), r[4]) for r in roster}
    city = [r[0] for r in roster if r[4] == "-"]
    regions = {}  # type: Dict[str, List[str]]
    for r in roster:
        if r[4] != "-":
            regions.setdefault(r[4], []).append(r[0])
    load = {}  # type: Dict[str, int]

    def eligible(target: str, team: tuple, who: str) -> bool:
        agency, until, _, _ = info[who]
        if until < valid_on or (who, target) in conflicts:
            return False
        return not (cross and team and len(team) == size - 1
                    and {info[m][0] for m in team} == {agency})

    out = []
    for target in order:
        team = ()  # type: tuple
        for who in inspector_order(seed, target, city + regions.get(district[target], [])):
            if len(team) == size:
                break
            if who in team or load.get(who, 0) >= info[who][2]:
                continue
            if eligible(target, team, who):
                team += (who,)
        if len(team) == size:
            for who in team:
                load[who] = load.get(who, 0) + 1
            out.append({"target": target, "status": "assigned", "team": list(team)})
        else:
            out.append({"target": target, "status": "unassignable", "team": []})
    return out, load


# -- the checks ---------------------------------------------------------------------------------


def verify(files: Dict[str, bytes], internal: bool, say: Callable[[str], None]) -> None:
    spec = json.loads(files["spec.json"].decode("utf-8"))
    result = json.loads(files["result.json"].decode("utf-8"))
    sources = json.loads(files["sources.json"].decode("utf-8"))
    commitment = json.loads(files["commitment.json"].decode("utf-8")) \
        if "commitment.json" in files else None
    com = result.get("commitment", {})
    draw_id = spec.get("draw_id", "")

    def run(number: int, fn: Callable[[], object]) -> object:
        try:
            out = fn()
        except CheckFailed:
            raise
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise CheckFailed(number, "%s: %s" % (type(exc).__name__, exc)) from None
        say("check %d %s: OK" % (number, CHECKS[number]))
        return out

    def check1() -> tuple:
        if spec.get("version") != VERSION or spec.get("hash") != "sha256" or \
                spec.get("kind") != "inspection":
            raise CheckFailed(1, "not a draw-v1 sha256 inspection specification")
        if result.get("draw_id") != draw_id or com.get("draw_id") != draw_id:
            raise CheckFailed(1, "draw id differs between specification and result")
        pool, strata, district = directory(files["directory.csv"])
        lines = pool.split(b"\n")[:-1]
        names = [s["name"] for s in spec["strata"]]
        stray = sorted(set(strata) - set(names))
        if stray:
            raise CheckFailed(1, "directory names strata not in the plan: %s" % stray)
        mine = {
            "spec_sha256": sha(files["spec.json"]),
            "directory_sha256": sha(files["directory.csv"]),
            "file_hash": sha(pool),
            "merkle_root": merkle_root(lines).hex(),
            "records": len(lines),
        }
        for claim, where in ((com, "result"), (commitment, "commitment file")):
            if claim is None:
                continue
            for k, v in mine.items():
                if claim.get(k) != v:
                    raise CheckFailed(1, "%s differs from the %s: computed %s, published %s"
                                      % (k, where, v, claim.get(k)))
            for n in names:
                if claim.get("strata", {}).get(n, {}).get("records") != len(strata.get(n, [])):
                    raise CheckFailed(1, "stratum %s size differs from the %s" % (n, where))
        if commitment is not None:
            for k in ("notary_commitment", "roster_sha256", "conflicts_sha256"):
                if commitment.get(k) != com.get(k):
                    raise CheckFailed(1, "%s in the result differs from the commitment file" % k)
        excluded = {e["uscc"] for e in spec.get("exclusions", [])}
        present = excluded & set(district)
        if present:
            raise CheckFailed(1, "excluded entity %s is in the directory" % sorted(present)[0])
        if internal:
            for name, key in (("roster.csv", "roster_sha256"), ("conflicts.csv",
                                                                 "conflicts_sha256")):
                if sha(files[name]) != com.get(key):
                    raise CheckFailed(1, "%s does not match the committed %s" % (name, key))
        say("  directory   %s" % mine["directory_sha256"])
        say("  file hash   %s" % mine["file_hash"])
        say("  Merkle root %s (%d records)" % (mine["merkle_root"], mine["records"]))
        return strata, district

    def check2() -> bytes:
        reveal = bytes.fromhex(files["reveal.txt"].decode("ascii").strip())
        if len(reveal) != 32:
            raise CheckFailed(2, "r_N must be 32 bytes")
        c_n = hash_fields(TAG_NOTARY, draw_id.encode("utf-8"), reveal)
        if c_n.hex() != com.get("notary_commitment"):
            raise CheckFailed(2, "H(tag, draw_id, r_N) = %s does not match c_N %s"
                              % (c_n.hex(), com.get("notary_commitment")))
        if result.get("notary_reveal") != reveal.hex():
            raise CheckFailed(2, "the result publishes a different r_N")
        return reveal

    def check3(reveal: bytes) -> bytes:
        text, used = resolve(spec, sources["values"])
        published = result.get("sources", {})
        if published.get("canonical") != text:
            raise CheckFailed(3, "canonical sources %r differ from the published %r"
                              % (text, published.get("canonical")))
        if canonical_json(published.get("used")) != canonical_json(used):
            raise CheckFailed(3, "the record of sources used (fallbacks) differs")
        seed = hash_fields(TAG_SEED, draw_id.encode("utf-8"), bytes.fromhex(com["file_hash"]),
                           bytes.fromhex(com["merkle_root"]), text.encode("ascii"), reveal)
        if seed.hex() != result.get("seed"):
            raise CheckFailed(3, "seed %s differs from the published %s"
                              % (seed.hex(), result.get("seed")))
        say("  sources     %s" % text)
        say("  seed        %s" % seed.hex())
        return seed

    strata, district = run(1, check1)  # type: ignore[misc]
    reveal = run(2, check2)
    seed = run(3, lambda: check3(reveal))  # type: ignore[arg-type]

    def check4() -> Dict[str, list]:
        mine = {}
        published = {s.get("name"): s for s in result.get("strata", [])}
        for rule in spec["strata"]:
            name = rule["name"]
            members = strata.get(name, [])
            n = stratum_count(len(members), rule, spec["rounding"])
            claim = published.get(name, {})
            if claim.get("count") != n or claim.get("records") != len(members):
                raise CheckFailed(4, "stratum %s: %d of %d by the plan's rule, published %r of %r"
                                  % (name, n, len(members), claim.get("count"),
                                     claim.get("records")))
            keyed = [(target_key(seed, name, c), c.encode("utf-8"), c) for c in members]
            mine[name] = heapq.nsmallest(n, keyed)
            for t in claim.get("targets", []):
                if t["code"] not in district:
                    raise CheckFailed(4, "%s is not in the directory" % t["code"])
                if target_key(seed, name, t["code"]).hex() != t["key"]:
                    raise CheckFailed(4, "key of %s differs" % t["code"])
        return mine

    mine = run(4, check4)

    def check5() -> List[str]:
        expected = []
        for rule in spec["strata"]:
            name = rule["name"]
            expected.append({"name": name, "records": len(strata.get(name, [])),
                             "count": len(mine[name]),
                             "targets": [{"rank": n, "code": c, "key": k.hex()}
                                         for n, (k, _, c) in enumerate(mine[name], 1)]})
        if canonical_json(expected) != canonical_json(result.get("strata")):
            raise CheckFailed(5, "recomputed targets differ from the published result")
        order = [c for _, _, c in sorted(
            (k, c.encode("utf-8"), c) for name in mine for k, _, c in mine[name])]
        if order != result.get("order"):
            raise CheckFailed(5, "processing order differs from the published order")
        for s in expected:
            say("  stratum %s: %d of %d" % (s["name"], s["count"], s["records"]))
        return order

    order = run(5, check5)
    if not internal:
        say("check 6 %s: SKIPPED (needs --internal with roster.csv, conflicts.csv, teams.json)"
            % CHECKS[6])
        return

    def check6() -> None:
        roster = lines_of(files["roster.csv"], "roster.csv", 5)
        conflicts = {tuple(r) for r in lines_of(files["conflicts.csv"], "conflicts.csv", 2)}
        teams, load = assign_teams(seed, order, spec, roster, conflicts, district)
        claimed = json.loads(files["teams.json"].decode("utf-8"))["teams"]
        stripped = [{"target": t["target"], "status": t["status"], "team": t["team"]}
                    for t in claimed]
        if canonical_json(teams) != canonical_json(stripped):
            raise CheckFailed(6, "recomputed teams differ from teams.json")
        counts = {r[0]: load.get(r[0], 0) for r in roster}
        if counts != result.get("inspector_counts"):
            raise CheckFailed(6, "per-inspector counts differ from the published counts")
        if [u["target"] for u in result.get("unassignable", [])] != \
                [t["target"] for t in teams if t["status"] != "assigned"]:
            raise CheckFailed(6, "the unassignable list differs")
        say("  teams %d, unassignable %d" % (len(teams),
                                             sum(t["status"] != "assigned" for t in teams)))

    run(6, check6)


def read_bundle(folder: str, internal: bool) -> Dict[str, bytes]:
    names = ["spec.json", "directory.csv", "sources.json", "reveal.txt", "result.json"]
    optional = ["commitment.json"]
    if internal:
        names += ["roster.csv", "conflicts.csv", "teams.json"]
    files = {}
    for name in names + optional:
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            if name in optional:
                continue
            raise BadInput("missing %s in %s" % (name, folder))
        with open(path, "rb") as f:
            files[name] = f.read()
    return files


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(prog="fazhi_verify_inspection",
                                     description="Verify draw-v1 inspection draws.")
    sub = parser.add_subparsers(dest="command")
    v = sub.add_parser("verify-inspection", help="re-run and check an inspection draw")
    v.add_argument("--bundle", required=True, help="directory with the published artefacts")
    v.add_argument("--internal", action="store_true",
                   help="also re-run team assignment (roster.csv, conflicts.csv, teams.json)")
    args = parser.parse_args(argv)
    if args.command != "verify-inspection":
        parser.print_help()
        return 2
    try:
        files = read_bundle(args.bundle, args.internal)
        verify(files, args.internal, print)
    except BadInput as exc:
        print("error: %s" % exc, file=sys.stderr)
        return 2
    except (ValueError, KeyError) as exc:
        print("error: unusable input: %s" % exc, file=sys.stderr)
        return 2
    except CheckFailed as exc:
        print("check %d %s: FAIL - %s" % (exc.number, CHECKS[exc.number], exc))
        print("FAILED at check %d (%s)" % (exc.number, CHECKS[exc.number]))
        return 10 + exc.number
    print("ALL CHECKS PASSED for inspection draw %s" % json.loads(files["spec.json"])["draw_id"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
