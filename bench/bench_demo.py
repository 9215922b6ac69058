"""`fazhi demo` end to end: wall time and peak memory of the default demo (≈2,000 cases)
and of `--scale city` (100,000 cases), each in its own process on a fresh temp SQLite
database (quick: default only). Every request goes through the engine, so this is also
the engine's bulk throughput (actions/s)."""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import table
from bench.synthetic import ROOT

TODAY = "2026-06-15"


def main(quick: bool) -> None:
    scales = ["default"] if quick else ["default", "city"]
    for scale in scales:
        r = run(scale)
        table(f"demo --scale {scale} (fresh SQLite, --today {TODAY})", [
            ("wall time (incl. migrate)", f"{r['wall_s']:,.1f} s"),
            ("build time (reported)", r["build"]),
            ("peak RSS", f"{r['peak_mb']:.0f} MB"),
            ("database size", f"{r['db_mb']:.0f} MB"),
            ("exit status", str(r["status"])),
        ])


def run(scale: str) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"fazhi-bench-demo-{scale}-"))
    db = tmp / "demo.sqlite3"
    env = os.environ | {"FAZHI_SQLITE_PATH": str(db), "FAZHI_VAR_DIR": str(tmp)}
    env.pop("FAZHI_DATABASE_URL", None)
    log = tmp / "demo.log"
    t0 = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "fazhi.cli", "demo", "--scale", scale,
                                 "--today", TODAY], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    text = log.read_text()
    done = re.search(r"完成：(.*)", text)
    return {"wall_s": wall, "peak_mb": usage.ru_maxrss / 1024, "status": status,
            "db_mb": sum(p.stat().st_size for p in tmp.glob("demo.sqlite3*")) / 2 ** 20,
            "build": done.group(1) if done else f"(no summary; see {log})"}
