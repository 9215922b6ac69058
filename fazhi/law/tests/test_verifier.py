"""The stand-alone verifier (random-draws.md §5.5), run as a separate program on copies.

Each test copies verifier/fazhi_verify.py and the frozen synthetic bundle to a temporary
directory and runs it with `python -I` there, so nothing from the project can leak in.
"""

from __future__ import annotations

import ast
import hashlib
import heapq
import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.law import draws
from fazhi.law.rfc3797 import canonical_sources

ROOT = Path(__file__).resolve().parents[3]
VERIFIER = ROOT / "verifier" / "fazhi_verify.py"
VECTORS = ROOT / "verifier" / "vectors"
BUNDLE = VECTORS / "synthetic-1000"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(VERIFIER, tmp_path / "fazhi_verify.py")
    shutil.copytree(BUNDLE, tmp_path / "bundle")
    return tmp_path


def run(
    work: Path, *args: str, stdin: str | None = None, python: str = sys.executable
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, "-I", "fazhi_verify.py", *args],
        cwd=work,
        input=stdin,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def edit_json(path: Path, change: Callable[[dict], object]) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False))


def test_imports_only_the_standard_library() -> None:
    tree = ast.parse(VERIFIER.read_text(), feature_version=(3, 8))  # also: 3.8 syntax only
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0
            names.add((node.module or "").split(".")[0])
    assert names - {"__future__"} <= set(sys.stdlib_module_names)


def test_a_correct_draw_passes_all_five_checks(work: Path) -> None:
    out = run(work, "verify-draw", "--bundle", "bundle")
    assert out.returncode == 0, out.stdout + out.stderr
    assert [
        line.split(":")[-1].strip() for line in out.stdout.splitlines() if line.startswith("check")
    ] == ["OK"] * 5


def test_explicit_file_arguments(work: Path) -> None:
    b = work / "bundle"
    out = run(
        work,
        "verify-draw",
        *("--spec", str(b / "spec.json"), "--pool", str(b / "pool.csv")),
        *("--sources", str(b / "sources.json"), "--result", str(b / "result.json")),
        *("--reveal", (b / "reveal.txt").read_text().strip()),
    )
    assert out.returncode == 0, out.stdout


def _tamper_pool(work: Path, how: str) -> None:
    path = work / "bundle" / "pool.csv"
    lines = path.read_text().splitlines(keepends=True)
    if how == "weight":
        i = next(n for n, line in enumerate(lines) if ",family,2" in line)
        lines[i] = lines[i].replace(",family,2", ",family,3")
    elif how == "insert":
        lines.insert(1, lines[0].split(",")[0] + "0,individual,1\n")
    else:
        del lines[7]
    path.write_text("".join(lines))


@pytest.mark.parametrize("how", ["weight", "insert", "remove"])
def test_tampered_pool_file_fails_check_1(work: Path, how: str) -> None:
    _tamper_pool(work, how)
    out = run(work, "verify-draw", "--bundle", "bundle")
    assert out.returncode == 11, out.stdout
    assert "FAILED at check 1 (pool commitment" in out.stdout


def test_wrong_notary_reveal_fails_check_2(work: Path) -> None:
    (work / "bundle" / "reveal.txt").write_text("00" * 32)
    out = run(work, "verify-draw", "--bundle", "bundle")
    assert out.returncode == 12 and "FAILED at check 2" in out.stdout


def test_wrong_source_value_fails_check_3(work: Path) -> None:
    edit_json(
        work / "bundle" / "sources.json",
        lambda d: d["values"].update({"sse-close-2025-06-03": "3361.99"}),
    )
    out = run(work, "verify-draw", "--bundle", "bundle")
    assert out.returncode == 13 and "FAILED at check 3" in out.stdout


def test_claiming_the_primary_source_when_it_was_missing_fails_check_3(work: Path) -> None:
    edit_json(
        work / "bundle" / "sources.json", lambda d: d["values"].update({"kl8-2025150": [1, 2, 3]})
    )
    out = run(work, "verify-draw", "--bundle", "bundle")
    assert out.returncode == 13


def test_wrong_published_key_fails_check_4(work: Path) -> None:
    edit_json(
        work / "bundle" / "result.json",
        lambda d: d["pools"][1]["winners"][0].update({"key": "00" * 32}),
    )
    out = run(work, "verify-draw", "--bundle", "bundle")
    assert out.returncode == 14 and "FAILED at check 4" in out.stdout


def test_changed_winners_fail_check_5(work: Path) -> None:
    def swap(d: dict) -> None:
        w = d["pools"][2]["winners"]
        a = d["pools"][2]["alternates"]
        w[-1], a[0] = dict(a[0], rank=w[-1]["rank"]), dict(w[-1], rank=1)

    edit_json(work / "bundle" / "result.json", swap)
    out = run(work, "verify-draw", "--bundle", "bundle")
    assert out.returncode == 15 and "FAILED at check 5" in out.stdout
    assert out.stdout.count("OK") == 4


def test_commitment_file_must_agree_with_the_result(work: Path) -> None:
    edit_json(
        work / "bundle" / "commitment.json", lambda d: d.update({"notary_commitment": "11" * 32})
    )
    out = run(work, "verify-draw", "--bundle", "bundle")
    assert out.returncode == 11


def test_receipts_of_winner_and_loser(work: Path) -> None:
    for who, outcome in (("winner", "winner, rank 1"), ("loser", "not selected")):
        out = run(
            work,
            "verify-receipt",
            "--receipt",
            f"bundle/receipt-{who}.json",
            "--result",
            "bundle/result.json",
        )
        assert out.returncode == 0 and outcome in out.stdout, out.stdout


def test_receipt_with_a_changed_weight_fails_inclusion(work: Path) -> None:
    edit_json(
        work / "bundle" / "receipt-loser.json", lambda d: d.update({"line": d["line"][:-1] + "2"})
    )
    out = run(work, "verify-receipt", "--receipt", "bundle/receipt-loser.json")
    assert out.returncode == 11


def test_receipt_detects_a_dropped_winner(work: Path) -> None:
    edit_json(work / "bundle" / "result.json", lambda d: d["pools"][1]["winners"].pop(0))
    out = run(
        work,
        "verify-receipt",
        "--receipt",
        "bundle/receipt-winner.json",
        "--result",
        "bundle/result.json",
    )
    assert out.returncode == 12, out.stdout


def test_rfc3797_command_from_file_and_stdin(work: Path) -> None:
    shutil.copy(VECTORS / "rfc3797-example.json", work / "in.json")
    expected = (VECTORS / "rfc3797-example.expected").read_text()
    assert run(work, "rfc3797", "in.json").stdout == expected
    assert run(work, "rfc3797", stdin=(work / "in.json").read_text()).stdout == expected


def test_unusable_input_exits_2(work: Path) -> None:
    assert run(work, "verify-draw", "--bundle", "nowhere").returncode == 2


def _python38() -> str | None:
    found = shutil.which("python3.8")
    candidates = [found] if found else []
    candidates += [str(p) for p in Path.home().glob(".pyenv/versions/3.8*/bin/python3.8")]
    for exe in candidates:
        if subprocess.run([exe, "-c", "pass"], capture_output=True).returncode == 0:
            return exe
    return None


def test_runs_on_python_3_8_when_available(work: Path) -> None:
    exe = _python38()
    if exe is None:
        pytest.skip("no Python 3.8 interpreter on this machine")
    out = run(work, "verify-draw", "--bundle", "bundle", python=exe)
    assert out.returncode == 0, out.stdout + out.stderr


# -- property cross-checks: draws.py and the verifier are separate code for one spec ----


def _load_verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fazhi_verify_under_test", VERIFIER)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


FV = _load_verifier()
_numbers = st.one_of(
    st.integers(min_value=0, max_value=10**30),
    st.builds(
        lambda a, b: f"{a}.{b}", st.integers(0, 10**6), st.from_regex(r"[0-9]{1,6}", fullmatch=True)
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(_numbers, st.lists(_numbers, min_size=1, max_size=8)), min_size=1, max_size=4
    )
)
def test_source_canonicalisation_agrees(sources: list) -> None:
    assert canonical_sources(sources) == "".join(FV.canon_source(s) for s in sources)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="0123456789AB码甲", min_size=1, max_size=6),
        st.tuples(st.sampled_from(["p", "q"]), st.integers(1, 4)),
        min_size=1,
        max_size=40,
    ),
    st.integers(0, 45),
)
def test_pool_merkle_and_ranking_agree(records: dict, k: int) -> None:
    data = draws.build_pool_file([(c, p, w) for c, (p, w) in records.items()])
    pool = draws.parse_pool_file(data)
    lines, by_pool = FV.read_pool(data, 4)
    assert lines == pool.lines and FV.merkle_root(lines) == pool.merkle_root()
    seed = hashlib.sha256(data).digest()
    for name, recs in pool.pools.items():
        mine = draws.smallest_keys(seed, name, recs.codes, recs.weights, k)
        assert mine == heapq.nsmallest(k, FV.all_keys(seed, name, by_pool[name]))
    tree = draws.MerkleTree(pool)
    for code in list(records)[:5]:
        r = tree.receipt(code, "T")
        path = [bytes.fromhex(h) for h in r["path"]]
        assert (
            FV.root_from_receipt(r["line"].encode(), r["index"], r["leaf_count"], path) == tree.root
        )
