"""The engine's throughput: actions per second and queries per action through `open_case`
and `advance`, for a typical disclosure mix (bench/engine_worker.py), on SQLite and, when
a PostgreSQL server is configured (FAZHI_BENCH_DATABASE_URL or FAZHI_TEST_DATABASE_URL),
on PostgreSQL; each in a fresh database and its own process.

The baseline is the same worker run against the engine before issue 12 (the commit
BASELINE_REF, extracted with `git archive` into a temporary directory), in the same run,
so the ratio compares like with like on this machine's load. Without git (an installed
copy) only the current figures are printed. Target: ≥ 500 actions/s on SQLite.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import table
from bench.synthetic import ROOT, postgres_url

BASELINE_REF = "b07edaa"  # main before issue 11/12's engine work
WORKER = Path(__file__).with_name("engine_worker.py")
SIZES = {True: 120, False: 600}  # cases (≈ 3.9 actions each)
TARGET = 500


def main(quick: bool) -> None:
    cases = SIZES[quick]
    baseline = _baseline_tree()
    backends = ["sqlite", "postgres"] if postgres_url() else ["sqlite"]
    try:
        for backend in backends:
            now = _run(ROOT, backend, cases)
            before = _run(baseline, backend, cases) if baseline else None
            _report(backend, cases, now, before)
    finally:
        if baseline:
            shutil.rmtree(baseline, ignore_errors=True)


def _report(backend: str, cases: int, now: dict, before: dict | None) -> None:
    rate = now["actions"] / now["seconds"]
    rows = [("actions", f"{now['actions']:,} ({cases:,} requests)"),
            ("actions/s", f"{rate:,.0f}" + (f"  (target ≥ {TARGET}: "
                                             f"{'met' if rate >= TARGET else 'NOT met'})"
                                             if backend == "sqlite" else "")),
            ("actions per CPU second", f"{now['actions'] / now['cpu']:,.0f}  (this process; "
                                       "steadier than wall time on a shared machine)"),
            ("queries/action", f"{now['queries'] / now['actions']:.1f}")]
    if before:
        old = before["actions"] / before["seconds"]
        old_cpu = before["actions"] / before["cpu"] if before.get("cpu") else None
        rows += [(f"before ({BASELINE_REF}) actions/s", f"{old:,.0f}  → ×{rate / old:.2f}"),
                 (f"before ({BASELINE_REF}) per CPU second",
                  f"{old_cpu:,.0f}  → ×{now['actions'] / now['cpu'] / old_cpu:.2f}"
                  if old_cpu else "—"),
                 (f"before ({BASELINE_REF}) queries/action",
                  f"{before['queries'] / before['actions']:.1f}")]
    rows += [(f"queries: {action}", _per(action, now, before)) for action in now["per_action"]]
    table(f"engine on {backend}: open_case + advance, disclosure mix", rows)


def _per(action: str, now: dict, before: dict | None) -> str:
    text = f"{now['per_action'][action]:g}"
    if before and action in before["per_action"]:
        text += f"  (before {before['per_action'][action]:g})"
    return text


def _baseline_tree() -> Path | None:
    """The project as of BASELINE_REF in a temporary directory, or None without git."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        return None
    target = Path(tempfile.mkdtemp(prefix="fazhi-bench-engine-baseline-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BASELINE_REF, "fazhi"],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        return None
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def _run(tree: Path, backend: str, cases: int) -> dict:
    """The worker in a fresh process whose `fazhi` package is the one in `tree`."""
    env = os.environ | {"PYTHONPATH": str(tree)}
    if backend == "postgres":
        base, _, _ = postgres_url().rpartition("/")
        env["FAZHI_BENCH_ENGINE_URL"] = f"{base}/fazhi_bench_engine"
    worker = Path(tempfile.mkdtemp(prefix="fazhi-bench-engine-worker-")) / WORKER.name
    shutil.copy(WORKER, worker)  # run from outside both trees, so PYTHONPATH decides
    try:
        out = subprocess.run([sys.executable, str(worker), backend, str(cases)], env=env,
                             cwd=worker.parent, capture_output=True, text=True, check=False)
    finally:
        shutil.rmtree(worker.parent, ignore_errors=True)
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"engine bench worker failed on {backend} ({tree}):\n{out.stderr[-3000:]}")
    return json.loads(lines[-1][7:])
