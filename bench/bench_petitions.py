"""Dispute resolution at city scale (issue 14, benchmarks): `python -m bench petitions
[--quick]`. The worker is bench/petitions_worker.py (its docstring says what each step does).

Per backend (SQLite; PostgreSQL when FAZHI_BENCH_DATABASE_URL is set, e.g.
postgres://postgres@127.0.0.1:5432/fazhi_bench_petitions):
1. live engine throughput: LIVE petitions and LIVE_RECONSIDERATIONS reconsiderations,
   every action through `open_case` / `advance` (quick: 300 / 30);
2. the city year at full volume: 1,000,000 historic petitions through `fazhi import
   petitions` (classification by 第三十一条 and assignment; time and peak RSS of the import
   process) and 100,000 reconsideration cases written directly (volume only);
   quick: 50,000 / 5,000;
3. over it: the 信访 office's inbox p99 (target < 50 ms), a district government's, the
   backlog page (target < 1 s), the alerts job twice (the second queues nothing), a
   COUNT(*) baseline, and the pages before this work's indexes (dropped in a rolled-back
   transaction).
Nothing here asserts on time.
"""

from __future__ import annotations

from bench.common import table
from bench.synthetic import backends, run_worker

SIZES = {True: {"petitions": 50_000, "live": 300, "live_reconsiderations": 30,
                "reconsiderations": 5_000},
         False: {"petitions": 1_000_000, "live": 5_000, "live_reconsiderations": 500,
                 "reconsiderations": 100_000}}


def main(quick: bool) -> None:
    s = SIZES[quick]
    for backend in backends():
        live = run_worker("bench.petitions_worker", "live", backend, "--live", str(s["live"]),
                          "--live-reconsiderations", str(s["live_reconsiderations"]))
        built = run_worker("bench.petitions_worker", "build", backend,
                           "--petitions", str(s["petitions"]),
                           "--reconsiderations", str(s["reconsiderations"]))
        measured = run_worker("bench.petitions_worker", "measure", backend,
                              "--petitions", str(s["petitions"]))
        report(backend, live, built, measured)


def _ok(value: float, target: float, unit: str = "ms") -> str:
    return f"target < {target:g} {unit}: {'met' if value < target else 'NOT met'}"


def report(backend: str, live: dict, built: dict, m: dict) -> None:
    pa, ra = live["live_petition_actions"], live["live_reconsideration_actions"]
    imp = built["import"]
    rows = [
        ("LIVE engine: petitions", f"{live['live_petitions']:,} cases, {pa:,} actions: "
                                   f"{pa / live['live_petition_s']:,.0f} actions/s wall, "
                                   f"{pa / live['live_petition_cpu']:,.0f} per CPU second"),
        ("LIVE engine: reconsiderations",
         f"{live['live_reconsiderations']:,} cases, {ra:,} actions: "
         f"{ra / live['live_reconsideration_s']:,.0f} actions/s wall, "
         f"{ra / live['live_reconsideration_cpu']:,.0f} per CPU second"),
        ("IMPORTED: fazhi import petitions", f"{imp['rows']:,} rows ({built['csv_mb']:,.0f} MB "
                                             f"CSV) in {imp['seconds']:,.1f} s = "
                                             f"{imp['rows'] / imp['seconds']:,.0f} rows/s "
                                             f"({_ok(imp['seconds'], 120, 's')}); "
                                             f"{imp.get('cpu', 0):,.0f} CPU s in the process"),
        ("  peak RSS of the import process", f"{imp['peak_mb']:,.0f} MB "
                                             f"({_ok(imp['peak_mb'], 500, 'MB')})"),
        ("DIRECT: reconsideration volume", f"{built['reconsideration_bulk']:,} cases in "
                                           f"{built['reconsideration_bulk_s']:,.1f} s"),
        ("database", f"{m['petitions']:,} petitions ({m['open']:,} open, {m['backlog']:,} "
                     f"past due), {m['reconsiderations']:,} reconsiderations; the office "
                     f"owns {m['office_open']:,} open"),
        ("信访 office inbox GET /workspace/", _pct(m["inbox_office"], 50)),
        ("district government inbox (parts)", _pct(m["inbox_district"], 50)),
        ("backlog page, office", _fb(m["backlog_office"])),
        ("backlog page, district government", _fb(m["backlog_district"])),
        ("alerts job, first tick", f"{m['alerts_first']['queued']:,} queued in "
                                   f"{m['alerts_first']['ms']:,.0f} ms"),
        ("alerts job, second tick", f"{m['alerts_second']['queued']:,} queued in "
                                    f"{m['alerts_second']['ms']:,.0f} ms"),
        ("baseline: COUNT(*) of every case", f"{m['count_ms']:,.1f} ms"),
    ]
    if "before_inbox_office" in m:
        rows += [("before (indexes dropped): office inbox", _pct(m["before_inbox_office"], 50)),
                 ("before: backlog page, office", _fb(m["before_backlog_office"]))]
    rows.append(("load average (1 min) before → after",
                 f"{live['load'][0]:.1f} → {m['load'][-1]:.1f}"))
    table(f"dispute resolution, a city year, on {backend}", rows)


def _pct(r: dict, target: float) -> str:
    return (f"p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.0f} ms "
            f"({_ok(r['p99_ms'], target)})")


def _fb(r: dict) -> str:
    return (f"first {r['first_ms']:,.0f} ms, best of 5 {r['best_ms']:,.0f} ms, "
            f"{r['bytes']:,} bytes ({_ok(r['first_ms'], 1000)})")
