"""draw-v1 kernel (random-draws.md §5, ADR 0003): encodings, pool file, Merkle, seed, ranking."""

from __future__ import annotations

import hashlib
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.law import draws
from fazhi.law.rfc3797 import SourceValueError, canonical_sources, rfc3797_key, rfc3797_select

ROOT = Path(__file__).resolve().parents[3]
VECTORS = ROOT / "verifier" / "vectors"
sys.path.insert(0, str(VECTORS))
import make_vectors  # noqa: E402

SEED = hashlib.sha256(b"test seed").digest()
R_N = bytes(range(32))


def spec(**kw: object) -> draws.DrawSpec:
    base: dict = {
        "draw_id": "T-1",
        "pools": (draws.PoolSpec("a", 2, 1), draws.PoolSpec("b", 3, 2)),
        "sources": (draws.SourceSpec("s1", ("s1-fallback",)), draws.SourceSpec("s2")),
        "max_weight": 9,
    }
    base.update(kw)
    return draws.DrawSpec(**base)


def pool_file(n_a: int = 5, n_b: int = 10, weight: int = 1) -> bytes:
    recs = [(f"A{i:04d}", "a", weight) for i in range(n_a)] + [
        (f"B{i:04d}", "b", 1) for i in range(n_b)
    ]
    return draws.build_pool_file(recs)


SOURCES = {"s1": [5, 3, 9], "s2": "3361.980"}


# -- RFC 3797 (§2.1: the worked example, reproduced exactly) ----------------------------

RFC_DIGESTS = [
    "990DD0A5692A029A98B5E01AA28F3459",
    "3691E55CB63FCC37914430B2F70B5EC6",
    "FE814EDF564C190AC1D25753979990FA",
    "1863CCACEB568C31D7DDBDF1D4E91387",
    "F4AB33DF4889F0AF29C513905BE1D758",
    "13EAEB529F61ACFB9A29D0BA3A60DE4A",
    "992DB77C382CA2BDB9727001F3CDCCD9",
    "63AB4258ECA922976811C7F55C383CE7",
    "DFBC5AC97CED01B3A6E348E3CC63F40D",
    "31CB111C4A4EBE9287CEAE16FE51B909",
    "07FA46C122F164C215BBC72793B189A3",
    "AC52F8D75CCBE2E61AFEB3387637D501",
    "53306F73E14FC0B2FBF434218D25948E",
    "B5D1403501A81F9A47318BE7893B347C",
    "85B10B356AA06663EF1B1B407765100A",
    "3269E6CE559ABD57E2BA6AAB495EB9BD",
]


def test_rfc3797_key_string_of_the_worked_example() -> None:
    assert (
        rfc3797_key(["9319", [2, 5, 12, 8, 10], "9 18 26 34 41 45"])
        == "9319./2.5.8.10.12./9.18.26.34.41.45./"
    )


def test_rfc3797_digest_table_of_the_worked_example() -> None:
    key = rfc3797_key(make_vectors.RFC3797_INPUT["sources"]).encode()
    for i, expected in enumerate(RFC_DIGESTS):
        c = i.to_bytes(2, "big")
        assert hashlib.md5(c + key + c).hexdigest().upper() == expected


def test_rfc3797_selection_of_the_worked_example() -> None:
    data = make_vectors.RFC3797_INPUT
    assert (
        rfc3797_select(data["sources"], data["candidates"], data["count"])
        == make_vectors.RFC3797_EXPECTED
    )


def test_canonical_decimals_drop_trailing_zeros_and_sort_numerically() -> None:
    assert canonical_sources(["3444.430", "10.00", [10, 9, 100], "0.50 0.05"]) == (
        "3444.43./10./9.10.100./0.05.0.5./"
    )


@pytest.mark.parametrize("bad", [-1, 1.5, "1e3", "-2", [], True, "12a"])
def test_source_values_without_canonical_form_are_rejected(bad: object) -> None:
    with pytest.raises(SourceValueError):
        canonical_sources([bad])  # type: ignore[list-item]


def test_rfc3797_count_limits() -> None:
    with pytest.raises(ValueError):
        rfc3797_select(["1"], ["a"], 2)


# -- encodings ---------------------------------------------------------------------------


def test_fields_are_length_prefixed_big_endian() -> None:
    assert draws.hash_fields(b"a", b"bc") == hashlib.sha256(b"\0\0\0\x01a\0\0\0\x02bc").digest()


def test_notary_commitment_encoding_is_pinned() -> None:
    expected = hashlib.sha256(
        b"\0\0\0\x11XM-DRAW-v1/notary" + b"\0\0\0\x03T-1" + b"\0\0\0\x20" + R_N
    ).digest()
    assert draws.notary_commitment("T-1", R_N) == expected


def test_ticket_key_encoding_is_pinned() -> None:
    msg = b"".join(
        draws.field(f)
        for f in (b"XM-DRAW-v1/ticket", SEED, "户".encode(), b"C1", (2).to_bytes(4, "big"))
    )
    two = hashlib.sha256(msg).digest()
    assert draws.record_key(SEED, "户", "C1", 3) == min(
        two,
        *(
            draws.hash_fields(
                b"XM-DRAW-v1/ticket", SEED, "户".encode(), b"C1", j.to_bytes(4, "big")
            )
            for j in (0, 1)
        ),
    )


def test_canonical_json_refuses_floats() -> None:
    with pytest.raises(TypeError):
        draws.canonical_json({"a": [1.5]})


# -- canonical pool file -----------------------------------------------------------------


def test_pool_file_is_sorted_nfc_lf_terminated() -> None:
    data = draws.build_pool_file([("b", "p", 2), ("e\u0301", "p", 1), ("a", "p", 1)])
    assert data == "a,p,1\nb,p,2\n\u00e9,p,1\n".encode()


def test_duplicate_code_is_an_error() -> None:
    with pytest.raises(draws.DuplicateCode):
        draws.build_pool_file([("a", "p", 1), ("a", "q", 1)])
    with pytest.raises(draws.DuplicateCode):
        draws.parse_pool_file(b"a,p,1\na,p,1\n")


@pytest.mark.parametrize("weight", [0, -1, 1.5, "2", True, None, 10])
def test_weights_must_be_positive_integers_within_the_maximum(weight: object) -> None:
    with pytest.raises(draws.WeightError):
        draws.build_pool_file([("a", "p", weight)], max_weight=9)  # type: ignore[list-item]


@pytest.mark.parametrize(
    "raw", [b"a,p,0\n", b"a,p,-1\n", b"a,p,01\n", b"a,p,1.5\n", b"a,p,x\n", b"a,p,10\n"]
)
def test_parsed_weights_must_be_positive_integers(raw: bytes) -> None:
    with pytest.raises(draws.WeightError):
        draws.parse_pool_file(raw, max_weight=9)


@pytest.mark.parametrize(
    "raw",
    [
        b"a,p,1",  # no final LF
        b"a,p,1\r\n",
        b"b,p,1\na,p,1\n",  # unsorted
        "e\u0301,p,1\n".encode(),  # not NFC
        "\ufeffa,p,1\n".encode(),
        b"a ,p,1\n",
        "a,p,1\n\u3000b,p,1\n".encode(),  # ideographic space at a field edge
        b"a,p\n",
        b"a,p,1,2\n",
        b"\n",
        b"\xff,p,1\n",
    ],
)
def test_non_canonical_pool_files_are_rejected(raw: bytes) -> None:
    with pytest.raises(draws.PoolFileError):
        draws.parse_pool_file(raw)


def test_parse_round_trips_and_splits_pools() -> None:
    data = draws.build_pool_file([("c", "x", 3), ("a", "x", 1), ("b", "y", 1)])
    parsed = draws.parse_pool_file(data)
    assert parsed.pools["x"].codes == [b"a", b"c"] and parsed.pools["x"].weights == [1, 3]
    assert parsed.pools["y"].weights is None and parsed.pools["x"].tickets == 4


# -- Merkle tree and receipts ------------------------------------------------------------


def _h(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def test_merkle_root_carries_the_odd_node_up() -> None:
    lines = [b"a", b"b", b"c"]
    la, lb, lc = (_h(b"\x00" + x) for x in lines)
    assert draws.merkle_root(lines) == _h(b"\x01" + _h(b"\x01" + la + lb) + lc)
    assert draws.merkle_root([b"a"]) == la


@pytest.mark.parametrize("n", range(1, 10))
def test_every_receipt_verifies_and_tampering_fails(n: int) -> None:
    data = draws.build_pool_file([(f"c{i}", "p", 1 + i % 3) for i in range(n)])
    tree = draws.MerkleTree(draws.parse_pool_file(data))
    assert tree.root == draws.merkle_root(tree.pool.lines)
    for i in range(n):
        receipt = tree.receipt(f"c{i}", "T-1")
        draws.verify_receipt(receipt)
        forged = dict(receipt, line=receipt["line"][:-1] + "7")
        with pytest.raises(draws.ReceiptError):
            draws.verify_receipt(forged)
    assert len(draws.canonical_json(tree.receipt("c0", "T-1"))) < 1024


# -- notary, sources, seed ---------------------------------------------------------------


def test_notary_reveal_mismatch_voids_the_draw() -> None:
    c_n = draws.notary_commitment("T-1", R_N)
    draws.check_notary_reveal("T-1", R_N, c_n)
    with pytest.raises(draws.NotaryRevealMismatch):
        draws.run_draw(spec(), pool_file(), SOURCES, bytes(32), c_n)


def test_missing_source_uses_the_next_fallback_and_records_it() -> None:
    text, used = draws.resolve_sources(spec().sources, {"s1": None, "s1-fallback": 7, "s2": "1.0"})
    assert text == "7./1./"
    assert used[0] == {"slot": 0, "id": "s1-fallback", "fallback": 1, "skipped": ["s1"], "value": 7}
    result = draws.run_draw(
        spec(), pool_file(), {"s1-fallback": 7, "s2": "1"}, R_N, draws.notary_commitment("T-1", R_N)
    )
    assert result.to_dict()["sources"]["used"][0]["skipped"] == ["s1"]


def test_all_sources_of_a_slot_missing_is_an_error() -> None:
    with pytest.raises(draws.SourceUnavailable):
        draws.resolve_sources(spec().sources, {"s2": "1"})


def test_seed_binds_pool_commitment_sources_and_reveal() -> None:
    base = ("T-1", bytes(32), bytes(32), "1./", R_N)
    seeds = {draws.derive_seed(*base)}
    for i, alt in ((1, b"\x01" * 32), (2, b"\x02" * 32), (3, "2./"), (4, b"\x03" * 32)):
        args = list(base)
        args[i] = alt
        seeds.add(draws.derive_seed(*args))
    assert len(seeds) == 5


# -- ranking and selection ---------------------------------------------------------------


def _brute(
    pool: str, codes: list[bytes], weights: list[int] | None, k: int
) -> list[tuple[bytes, bytes]]:
    ws = weights or [1] * len(codes)
    return sorted((draws.record_key(SEED, pool, c, w), c) for c, w in zip(codes, ws, strict=True))[
        :k
    ]


@pytest.mark.parametrize("k", [0, 1, 5, 99, 100, 150])
@pytest.mark.parametrize("weighted", [False, True])
def test_smallest_keys_equals_brute_force(k: int, weighted: bool) -> None:
    codes = [b"%05d" % i for i in range(150)]
    weights = [1 + i % 4 for i in range(150)] if weighted else None
    assert draws.smallest_keys(SEED, "p", codes, weights, k) == _brute("p", codes, weights, k)


def test_a_threshold_that_admits_too_few_falls_back_to_a_full_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    codes = [b"%05d" % i for i in range(3000)]
    monkeypatch.setattr(draws, "_threshold", lambda count, population: b"\x00" * 32)
    assert draws.smallest_keys(SEED, "p", codes, None, 10) == _brute("p", codes, None, 10)


def test_weight_is_one_key_per_ticket_minimum() -> None:
    # Beijing's rule (§1.1, §3.4): w tickets, at most one win; the key is the minimum ticket.
    keys = [draws.record_key(SEED, "p", "X", w) for w in range(1, 6)]
    assert all(a >= b for a, b in itertools.pairwise(keys))


def test_empty_pool_is_an_error() -> None:
    with pytest.raises(draws.EmptyPool):
        draws.load_pool(spec(), pool_file(n_a=0))


def test_quota_larger_than_pool_is_an_error_at_freeze() -> None:
    s = spec(pools=(draws.PoolSpec("a", 6), draws.PoolSpec("b", 3)))
    with pytest.raises(draws.QuotaExceedsPool):
        draws.load_pool(s, pool_file(n_a=5))


def test_unused_quota_moves_to_the_next_pool_in_spec_order() -> None:
    s = spec(pools=(draws.PoolSpec("a", 8, 3), draws.PoolSpec("b", 9, 5)), unused_quota="move-next")
    plans, left = draws.plan_quotas(s, {"a": 5, "b": 10})
    assert [(p.effective, p.moved_in, p.moved_out, p.alternates) for p in plans] == [
        (5, 0, 3, 0),
        (10, 3, 2, 0),
    ]
    assert left == 2


def test_pool_not_in_spec_is_rejected() -> None:
    data = draws.build_pool_file([("a", "a", 1), ("b", "b", 1), ("c", "zzz", 1)])
    with pytest.raises(draws.PoolFileError):
        draws.load_pool(spec(pools=(draws.PoolSpec("a", 1), draws.PoolSpec("b", 1))), data)


def test_weights_above_the_spec_maximum_are_rejected() -> None:
    with pytest.raises(draws.WeightError):
        draws.load_pool(spec(max_weight=1), pool_file(weight=2))


@pytest.mark.parametrize(
    "kw",
    [
        {"draw_id": ""},
        {"pools": ()},
        {"pools": (draws.PoolSpec("a", 1), draws.PoolSpec("a", 1))},
        {"pools": (draws.PoolSpec("a", -1),)},
        {"pools": (draws.PoolSpec("a,b", 1),)},
        {"sources": ()},
        {"sources": (draws.SourceSpec("x"), draws.SourceSpec("y", ("x",)))},
        {"max_weight": 0},
        {"unused_quota": "lapse"},
        {"hash": "sm3"},
        {"version": "draw-v2"},
    ],
)
def test_malformed_specifications_are_rejected(kw: dict) -> None:
    with pytest.raises(draws.SpecError):
        spec(**kw)


def test_spec_json_round_trip() -> None:
    s = spec()
    assert draws.DrawSpec.from_json(s.to_json()) == s


def test_draw_result_lists_winners_then_ordered_alternates() -> None:
    result = draws.run_draw(
        spec(), pool_file(weight=3), SOURCES, R_N, draws.notary_commitment("T-1", R_N)
    ).to_dict()
    a, b = result["pools"]
    assert [len(a["winners"]), len(a["alternates"]), len(b["winners"]), len(b["alternates"])] == [
        2,
        1,
        3,
        2,
    ]
    keys = [e["key"] for e in b["winners"] + b["alternates"]]
    assert keys == sorted(keys) and [e["rank"] for e in b["alternates"]] == [1, 2]


def test_receipt_outcome_for_winner_loser_and_a_dropped_winner() -> None:
    data = pool_file()
    result = draws.run_draw(
        spec(), data, SOURCES, R_N, draws.notary_commitment("T-1", R_N)
    ).to_dict()
    tree = draws.MerkleTree(draws.parse_pool_file(data))
    winner = result["pools"][1]["winners"][0]["code"]
    assert draws.receipt_outcome(tree.receipt(winner, "T-1"), result)["outcome"] == "winner"
    listed = {e["code"] for p in result["pools"] for e in p["winners"] + p["alternates"]}
    loser = next(f"B{i:04d}" for i in range(10) if f"B{i:04d}" not in listed)
    assert draws.receipt_outcome(tree.receipt(loser, "T-1"), result)["outcome"] == "not selected"
    result["pools"][1]["winners"].pop(0)  # an operator silently drops a winner
    with pytest.raises(draws.ReceiptError):
        draws.receipt_outcome(tree.receipt(winner, "T-1"), result)


# -- frozen vectors and determinism ------------------------------------------------------


def test_frozen_synthetic_vectors_are_reproduced_byte_for_byte() -> None:
    for name, data in make_vectors.synthetic_bundle().items():
        assert (make_vectors.SYNTHETIC / name).read_bytes() == data, name


def test_frozen_rfc3797_vector_files() -> None:
    assert (VECTORS / "rfc3797-example.json").read_bytes() == draws.canonical_json(
        make_vectors.RFC3797_INPUT
    )
    assert (
        VECTORS / "rfc3797-example.expected"
    ).read_text().split() == make_vectors.RFC3797_EXPECTED


_SCRIPT = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from fazhi.law import draws
s = draws.DrawSpec("D", (draws.PoolSpec("甲", 3, 2), draws.PoolSpec("乙", 2, 1)), (draws.SourceSpec("s"),), max_weight=4)
recs = [("码%03d" % i, "甲乙"[i % 2], 1 + i % 4) for i in range(60)]
r = draws.run_draw(s, draws.build_pool_file(recs), {"s": [3, 1, 2]}, bytes(32), draws.notary_commitment("D", bytes(32)))
sel = draws.select_targets(r.seed, {"x": ["e%d" % i for i in range(40)], "y": ["f%d" % i for i in range(9)]}, {"x": 4, "y": 2})
print(hashlib.sha256(r.to_json() + repr(sel).encode()).hexdigest())
"""


def test_results_do_not_depend_on_pythonhashseed() -> None:
    outputs = {
        subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(ROOT)],
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "4242")
    }
    assert len(outputs) == 1


# -- inspection variant (§5.4) -----------------------------------------------------------


def test_targets_are_the_smallest_keys_per_stratum() -> None:
    strata = {"A": [f"u{i}" for i in range(30)], "B": [f"v{i}" for i in range(5)]}
    chosen = draws.select_targets(SEED, strata, {"A": 4, "B": 5})
    for s, ids in strata.items():
        ranked = sorted(ids, key=lambda i, s=s: draws.inspection_key(SEED, "target", s, i))
        assert chosen[s] == ranked[: len(chosen[s])]
    with pytest.raises(draws.QuotaExceedsPool):
        draws.select_targets(SEED, strata, {"B": 6})


def test_team_assignment_respects_conflicts_capacity_and_marks_unassignable() -> None:
    inspectors = [f"i{n}" for n in range(4)]
    conflicted = {("t2", "i0"), ("t2", "i1"), ("t2", "i2")}

    def eligible(target: str, team: tuple[str, ...], inspector: str) -> bool:
        return (target, inspector) not in conflicted

    out = draws.assign_teams(SEED, ["t0", "t1", "t2", "t3"], inspectors, 2, 2, eligible)
    assert [a.status for a in out][:2] == ["assigned", "assigned"]
    t2 = out[2]
    assert t2.status == "unassignable" and t2.partial == ("i3",) and t2.team == ()
    counts: dict[str, int] = {}
    for a in out:
        for i in a.team:
            counts[i] = counts.get(i, 0) + 1
    assert max(counts.values()) <= 2
    assert out[0].team == tuple(draws.inspector_order(SEED, "t0", inspectors)[:2])


def test_replacement_is_the_next_eligible_in_the_targets_key_order() -> None:
    inspectors = [f"i{n}" for n in range(6)]
    order = draws.inspector_order(SEED, "t", inspectors)
    team = order[:2]
    load = {i: 1 for i in team}
    new = draws.replace_inspector(SEED, "t", team, team[0], inspectors, 5, load)
    assert new == order[2] and load[team[0]] == 0 and load[new] == 1
    again = draws.replace_inspector(
        SEED, "t", [new, team[1]], new, inspectors, 5, load, excluded=[team[0]]
    )
    assert again == order[3]
    assert draws.replace_inspector(SEED, "t", team, team[0], team, 5, load) is None
