"""draw-v1 figures against random-draws.md §5.6: `python -m bench draws [--quick]`.

Each heavy step runs in a fresh (spawned) process so its peak RSS is its own; that peak
includes the step's input data (codes in memory), which is reported, not subtracted.
The baseline is a bare `[sha256(code).digest() for code in codes]` over the same codes
in the same process, so the ratio is hardware-neutral.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import peak_rss_mb, table
from fazhi.law import draws

ROOT = Path(__file__).resolve().parents[1]
R_N = hashlib.sha256(b"bench r_N").digest()
SEED = hashlib.sha256(b"bench seed").digest()


def _code(i: int) -> str:
    # 13-digit codes like the car lotteries' (4 random + 9 time digits), unique by i.
    return f"{(i * 7919) % 10000:04d}{i:09d}"


def _spec(quota: int, weighted: bool) -> draws.DrawSpec:
    return draws.DrawSpec(
        draw_id="BENCH-1",
        pools=(draws.PoolSpec("individual", quota, 100),),
        sources=(draws.SourceSpec("kl8"),),
        max_weight=5 if weighted else 1,
    )


def _records(n: int, weighted: bool) -> list[tuple[str, str, int]]:
    return [(_code(i), "individual", 1 + i % 5 if weighted else 1) for i in range(n)]


def step_build(n: int, path: str) -> dict:
    records = _records(n, weighted=False)
    start = time.perf_counter()
    data = draws.build_pool_file(records)
    digest = draws.file_hash(data)
    seconds = time.perf_counter() - start
    Path(path).write_bytes(data)
    start = time.perf_counter()
    draws.parse_pool_file(data)
    return {
        "build": seconds,
        "parse": time.perf_counter() - start,
        "hash": digest.hex(),
        "rss": peak_rss_mb(),
    }


def step_merkle(path: str) -> dict:
    pool = draws.parse_pool_file(Path(path).read_bytes())
    start = time.perf_counter()
    draws.merkle_root(pool.lines)
    return {"seconds": time.perf_counter() - start, "rss": peak_rss_mb()}


def step_draw(path: str, winners: int) -> dict:
    codes = draws.parse_pool_file(Path(path).read_bytes()).pools["individual"].codes
    sha = hashlib.sha256
    start = time.perf_counter()
    _ = [sha(c).digest() for c in codes]
    baseline = time.perf_counter() - start
    del _
    start = time.perf_counter()
    draws.smallest_keys(SEED, "individual", codes, None, winners)
    return {"seconds": time.perf_counter() - start, "baseline": baseline, "rss": peak_rss_mb()}


def step_weighted(n: int, winners: int) -> dict:
    # Input built directly as the draw sees it (codes and weights), not via a pool file,
    # so the peak RSS is the draw's own plus its input.
    codes = [_code(i).encode() for i in range(n)]
    weights = [1 + i % 5 for i in range(n)]
    start = time.perf_counter()
    draws.smallest_keys(SEED, "individual", codes, weights, winners)
    return {"seconds": time.perf_counter() - start, "tickets": sum(weights), "rss": peak_rss_mb()}


def step_end_to_end(path: str, winners: int, bundle: str) -> dict:
    """run_draw (load, Merkle, seed, select) and the stand-alone verifier on its output."""
    data = Path(path).read_bytes()
    spec = _spec(winners, weighted=False)
    out = Path(bundle)
    start = time.perf_counter()
    result = draws.run_draw(
        spec, data, {"kl8": [3, 14, 15]}, R_N, draws.notary_commitment(spec.draw_id, R_N)
    )
    seconds = time.perf_counter() - start
    out.mkdir(exist_ok=True)
    (out / "pool.csv").write_bytes(data)
    (out / "spec.json").write_bytes(spec.to_json())
    (out / "sources.json").write_bytes(draws.canonical_json({"values": {"kl8": [3, 14, 15]}}))
    (out / "reveal.txt").write_text(R_N.hex())
    (out / "result.json").write_bytes(result.to_json())
    rss = peak_rss_mb()
    tree = draws.MerkleTree(draws.parse_pool_file(data))
    receipt = tree.receipt(_code(12345), spec.draw_id)
    samples = []
    for _ in range(200):
        t = time.perf_counter()
        draws.verify_receipt(receipt, result.commitment["merkle_root"])
        samples.append(time.perf_counter() - t)
    return {
        "seconds": seconds,
        "rss": rss,
        "receipt_ms": statistics.median(samples) * 1000,
        "receipt_bytes": len(draws.canonical_json(receipt)),
    }


def _in_child(fn: object, *args: object) -> dict:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(fn, args)  # type: ignore[arg-type]


def _verifier(bundle: str) -> tuple[float, float, int]:
    """Seconds, child peak RSS (MB) and exit status of `python -I fazhi_verify.py`."""
    cmd = [
        sys.executable,
        "-I",
        str(ROOT / "verifier" / "fazhi_verify.py"),
        "verify-draw",
        "--bundle",
        bundle,
    ]
    probe = "import resource,subprocess,sys,time;t=time.perf_counter();r=subprocess.run(sys.argv[1:],capture_output=True).returncode;print(time.perf_counter()-t,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024,r)"
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def main(quick: bool) -> None:
    n = 500_000 if quick else 5_000_000
    winners = 5_000 if quick else 50_000
    weighted_n = 500_000 if quick else 5_000_000  # weights 1..5: three tickets on average
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "pool.csv")
        build = _in_child(step_build, n, path)
        merkle = _in_child(step_merkle, path)
        draw = _in_child(step_draw, path, winners)
        weighted = _in_child(step_weighted, weighted_n, winners)
        e2e = _in_child(step_end_to_end, path, winners, str(Path(tmp) / "bundle"))
        v_seconds, v_rss, v_status = _verifier(str(Path(tmp) / "bundle"))
    ratio = draw["seconds"] / draw["baseline"]
    table(
        f"draw-v1, {n:,} applicants, {winners:,} winners (each step in its own process)",
        [
            (
                "pool file build + hash",
                f"{build['build']:.2f} s (target ≤ 10 s; parse+validate {build['parse']:.2f} s)",
            ),
            ("peak RSS, build step", f"{build['rss']:.0f} MB"),
            (
                "Merkle root",
                f"{merkle['seconds']:.2f} s (target ≤ 20 s), peak RSS {merkle['rss']:.0f} MB",
            ),
            ("unweighted draw (keys + select)", f"{draw['seconds']:.2f} s (target ≤ 10 s)"),
            ("bare sha256 loop, same codes", f"{draw['baseline']:.2f} s"),
            ("draw / bare sha256", f"{ratio:.2f} (target ≤ 1.5)"),
            ("peak RSS, draw step (incl. codes)", f"{draw['rss']:.0f} MB (target ≤ 2048 MB)"),
            (
                f"weighted draw, {weighted['tickets']:,} tickets",
                f"{weighted['seconds']:.2f} s (target ≤ 40 s), peak RSS {weighted['rss']:.0f} MB",
            ),
            ("run_draw end to end", f"{e2e['seconds']:.2f} s, peak RSS {e2e['rss']:.0f} MB"),
            (
                "verifier (python -I, stdlib)",
                f"{v_seconds:.2f} s, exit {v_status}, peak RSS {v_rss:.0f} MB (target ≤ 120 s, ≤ 4 GB)",
            ),
            ("verifier / run_draw", f"{v_seconds / e2e['seconds']:.2f}"),
            (
                "receipt check",
                f"{e2e['receipt_ms']:.3f} ms median (target ≤ 50 ms), {e2e['receipt_bytes']} bytes",
            ),
        ],
    )
