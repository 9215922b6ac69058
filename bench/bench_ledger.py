"""Ledger verification speed and memory over the synthetic ledger of bench_inbox.

10,000,000 events over 1,000,000 cases (quick: 500,000 / 50,000), generated once by
bench/synthetic.py with real hash chains (cached and shared with bench_inbox). Each
measurement runs in a fresh process, so its peak RSS is the verifier's own (plus
Django's baseline, shown separately). Targets: ≥ 200,000 events/s and < 200 MB.
Then the time to record a checkpoint folding every event into the global root.
"""

import gc
import sys
import time

from bench.common import peak_rss_mb, table
from bench.synthetic import SIZES, backends, configure, emit, ensure, run_worker, sqlite_path


def main(quick: bool) -> None:
    cases, events = SIZES[quick]
    for backend in backends():
        gen = run_worker("bench.bench_ledger", "prepare", backend, str(cases), str(events))
        r = run_worker("bench.bench_ledger", "verify", backend, str(cases), str(events))
        rate = r["events"] / r["verify_s"]
        table(f"ledger on {backend}: verify {r['events']:,} events over {cases:,} cases", [
            ("data generation", "reused cached data set" if gen["reused"]
             else f"{gen['generation_s']:,.0f} s"),
            ("verify", f"{r['verify_s']:.1f} s"),
            ("events/s", f"{rate:,.0f}  (target ≥ 200,000: "
                         f"{'met' if rate >= 200_000 else 'NOT met'})"),
            ("problems found", str(r["problems"])),
            ("peak RSS of the process", f"{r['peak_mb']:.0f} MB  (target < 200 MB: "
                                        f"{'met' if r['peak_mb'] < 200 else 'NOT met'})"),
            ("of which Django baseline", f"{r['baseline_mb']:.0f} MB"),
            ("record_checkpoint (all events)", f"{r['checkpoint_s']:.1f} s"),
        ])


def _prepare(backend: str, cases: int, events: int) -> None:
    configure(backend, sqlite_path(cases, events))
    started = time.perf_counter()
    info = ensure(cases, events)
    emit(info | {"generation_s": time.perf_counter() - started})


def _verify(backend: str, cases: int, events: int) -> None:
    configure(backend, sqlite_path(cases, events))
    from fazhi.core.ledger import record_checkpoint, verify
    from fazhi.core.models import Checkpoint

    Checkpoint.objects.all().delete()  # bench data: start each run from no checkpoint
    gc.collect()
    baseline = peak_rss_mb()
    t0 = time.perf_counter()
    report = verify()
    verify_s = time.perf_counter() - t0
    count, problems = report.events, report.problems
    peak = peak_rss_mb()
    t0 = time.perf_counter()
    record_checkpoint()
    checkpoint_s = time.perf_counter() - t0
    emit({"events": count, "problems": len(problems), "verify_s": verify_s, "peak_mb": peak,
          "baseline_mb": baseline, "checkpoint_s": checkpoint_s})


if __name__ == "__main__":
    kind, backend, cases, events = sys.argv[1:]
    {"prepare": _prepare, "verify": _verify}[kind](backend, int(cases), int(events))
