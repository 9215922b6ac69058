"""The fast team assignment equals the kernel's draws.assign_teams; sample-size rounding."""

import hashlib
import random

import pytest

from fazhi.inspections import drawing
from fazhi.law import draws


def _rules(seed: int, cross: bool) -> tuple[drawing.TeamRules, list[str]]:
    rng = random.Random(seed)
    roster = [drawing.RosterEntry(f"I{i:03d}", rng.choice("XY"),
                                  rng.choice(["2025-01-01", "2027-01-01", "2027-01-01"]),
                                  rng.randint(0, 3), rng.choice(["-", "350203", "350205"]))
              for i in range(60)]
    targets = [f"T{i:04d}" for i in range(120)]
    district = {t: rng.choice(["350203", "350205", "-"]) for t in targets}
    conflicts = {(rng.choice(roster).code, rng.choice(targets)) for _ in range(80)}
    return drawing.TeamRules(roster, conflicts, district, "2026-06-01", 2, cross), targets


@pytest.mark.parametrize("case", range(6))
def test_fast_assignment_equals_kernel(case):
    rules, targets = _rules(case, cross=case % 2 == 0)
    seed = hashlib.sha256(f"seed {case}".encode()).digest()
    fast, fast_load = drawing.assign(seed, targets, rules)
    load: dict[str, int] = {}
    slow = draws.assign_teams(seed, targets, rules.candidates, 2, rules.capacity,
                              rules.eligible, load=load)
    assert fast == slow
    assert fast_load == load
    assert any(a.status == "unassignable" for a in fast)  # the fallback path is exercised


def test_parallel_hashing_gives_the_same_teams(monkeypatch):
    """Large draws hash each target's first candidates in forked workers; same result."""
    rules, targets = _rules(7, cross=True)
    seed = hashlib.sha256(b"parallel").digest()
    serial = drawing.assign(seed, targets, rules, workers=1)
    monkeypatch.setattr(drawing, "PARALLEL_KEYS", 0)
    calls = []
    real_context = drawing.mp.get_context
    monkeypatch.setattr(drawing.mp, "get_context",
                        lambda method: calls.append(method) or real_context(method))
    assert drawing.assign(seed, targets, rules, workers=2) == serial
    assert calls == ["fork"]  # the worker path ran


@pytest.mark.parametrize("size,bp,rule,low,high,expected", [
    (39, 300, "ceil", 0, None, 2), (39, 300, "floor", 0, None, 1),
    (50, 300, "half-even", 0, None, 2),  # 1.5 → 2
    (150, 300, "half-even", 0, None, 4),  # 4.5 → 4
    (10, 10000, "ceil", 0, None, 10), (10, 0, "ceil", 3, None, 3),
    (1000, 10000, "ceil", 0, 50, 50), (2, 300, "ceil", 5, None, 2),
])
def test_stratum_count(size, bp, rule, low, high, expected):
    assert drawing.stratum_count(size, bp, rule, low, high) == expected


def test_pool_file_is_the_directory_with_weight_one():
    rows = [("91350203MA0000001X", "B", "350203"), ("91350200MA0000002Y", "A", "")]
    directory = drawing.directory_file(rows)
    assert directory == b"91350200MA0000002Y,A,-\n91350203MA0000001X,B,350203\n"
    assert drawing.pool_from_directory(directory) == (
        b"91350200MA0000002Y,A,1\n91350203MA0000001X,B,1\n")
    assert drawing.parse_strata(directory) == {"A": ["91350200MA0000002Y"],
                                               "B": ["91350203MA0000001X"]}
    districts = drawing.Districts(directory.decode())
    assert districts.get("91350203MA0000001X") == "350203"
    assert districts.get("91350200MA0000002Y") == "-"
    assert districts.get("91350203MA0000001") == "-"  # a prefix is not a match


def _directory(n: int) -> bytes:
    rng = random.Random(n)
    return drawing.directory_file((f"91350200MA{i:07d}X", rng.choice("AABCD"),
                                   rng.choice(["350203", ""])) for i in range(n))


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_sliced_selection_equals_kernel(monkeypatch, workers):
    monkeypatch.setattr(drawing, "PARALLEL_KEYS", 0)  # slice even this small directory
    directory = _directory(500)
    strata = drawing.parse_strata(directory)
    counts = {"A": 30, "B": 7, "C": 1, "D": len(strata["D"])}
    seed = hashlib.sha256(b"sliced").digest()
    expected = draws.select_targets(seed, strata, counts)
    assert drawing.select_targets(seed, directory, counts, workers=workers) == expected
    with pytest.raises(draws.QuotaExceedsPool):
        drawing.select_targets(seed, directory, {"C": 10_000}, workers=workers)


def test_unsorted_or_repeated_directory_is_refused():
    with pytest.raises(draws.DuplicateCode):
        drawing.select_targets(b"s" * 32, b"B,A,-\nA,A,-\n", {"A": 1})
    with pytest.raises(draws.DuplicateCode):
        drawing.select_targets(b"s" * 32, b"A,A,-\nA,B,-\n", {"A": 1})


def test_split_merkle_root_equals_kernel(monkeypatch):
    """Root = H(0x01 ‖ root(first 2^k) ‖ root(rest)) for the carried-odd-node tree."""
    lines = [f"{i:05d},A,1".encode() for i in range(300)]
    monkeypatch.setattr(drawing, "PARALLEL_KEYS", 0)
    for n in (2, 3, 17, 256, 299):  # forked
        assert drawing.merkle_root(lines[:n], workers=2) == draws.merkle_root(lines[:n]), n
    monkeypatch.setattr(drawing.mp, "get_all_start_methods", lambda: [])  # split, in-process
    for n in range(1, 300):
        assert drawing.merkle_root(lines[:n], workers=2) == draws.merkle_root(lines[:n]), n
