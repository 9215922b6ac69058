"""`fazhi demo` end to end: wall time and peak memory of the default demo (≈2,000 cases)
and of `--scale city` (100,000 cases), each in its own process on a fresh temp SQLite
database (quick: default only). Every request goes through the engine, so this is also
the engine's bulk throughput (actions/s). Then the fresh-machine first page: `fazhi demo
--serve` on an empty FAZHI_VAR_DIR (migrate, build, serve) until `/` answers 200 — what
`make run` does after install (target < 60 s)."""

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
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
            ("CPU time of the process (user + system)", f"{r['cpu_s']:,.1f} s"),
            ("per builder (wall/CPU s)", r["builders"]),
            ("peak RSS", f"{r['peak_mb']:.0f} MB"),
            ("database size", f"{r['db_mb']:.0f} MB"),
            ("exit status", str(r["status"])),
        ])
    first = first_page()
    table("fresh machine to the first page (fazhi demo --serve, empty FAZHI_VAR_DIR)", [
        ("seconds to the first 200 of /", f"{first['seconds']:,.1f} s"),
        ("CPU seconds of the server process until then", f"{first['cpu']:,.1f} s"),
        ("target", "< 60 s"),
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
    builders = re.search(r"各模块用时（墙钟/CPU 秒）：(.*)", text)
    return {"wall_s": wall, "peak_mb": usage.ru_maxrss / 1024, "status": status,
            "db_mb": sum(p.stat().st_size for p in tmp.glob("demo.sqlite3*")) / 2 ** 20,
            "build": done.group(1) if done else f"(no summary; see {log})",
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "builders": builders.group(1) if builders else "—"}


def first_page(port: int = 8765, limit: float = 600.0) -> dict:
    """Seconds from starting `fazhi demo --serve` on an empty var directory to the first
    200 of `/` (the demo built with today's date, as `make run` does)."""
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-bench-first-page-"))
    env = os.environ | {"FAZHI_VAR_DIR": str(tmp), "FAZHI_SQLITE_PATH": str(tmp / "fazhi.sqlite3"),
                        "FAZHI_DEBUG": "0"}
    env.pop("FAZHI_DATABASE_URL", None)
    log = (tmp / "serve.log").open("w")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "fazhi.cli", "demo", "--serve", "--port",
                             str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    seconds = float("nan")
    try:
        while time.perf_counter() - t0 < limit and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    if reply.status == 200:
                        seconds = time.perf_counter() - t0
                        break
            except OSError:
                time.sleep(0.25)
        cpu = _cpu_seconds(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"seconds": seconds, "cpu": cpu}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    ticks = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")
