"""Shared helpers for benchmarks: timing, peak memory and a plain table printer."""

import resource
import statistics
import time
from collections.abc import Callable, Iterable


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Run fn once; return (seconds, result)."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples_s: Iterable[float]) -> dict[str, float]:
    """p50/p99 in milliseconds."""
    ordered = sorted(samples_s)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50_ms": cut[49] * 1000, "p99_ms": cut[98] * 1000}


def table(title: str, rows: list[tuple[str, str]]) -> None:
    """Print a two-column figure table."""
    width = max(len(name) for name, _ in rows)
    print(f"\n== {title}")
    for name, value in rows:
        print(f"  {name.ljust(width)}  {value}")
