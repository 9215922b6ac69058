"""Discretion benchmarks in the pure kernel: cases per second over 1,000,000 generated case
facts against 500 benchmarks (issue 13 target: >= 100,000/s).

The benchmarks are generated: each cuts one numeric fact (amount involved, illegal income or
duration) into 2–4 bands and splits some bands further by harm or by a flag, 2–12 tiers each.
Ours is `compile_benchmark` (a lookup table over the cells, a bisection per numeric fact);
the baseline, in the same run, is `evaluate_naive` (scan the tiers, test every condition) on
a subset of the same facts, checked to give the same tiers. Facts are generated in chunks so
that a million dictionaries never sit in memory at once; only evaluation is timed.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

from bench.common import table, timed
from fazhi.law.discretion import (
    HARMS,
    NUMERIC,
    Benchmark,
    Span,
    Tier,
    compile_benchmark,
    evaluate_naive,
)

BENCHMARKS = 500
CHUNK = 100_000
FLAG_KEYS = ("first_offence", "corrected", "cooperated")


def _splits(rng: random.Random) -> list[dict]:
    """How one band is split: not at all, by harm, or by a flag."""
    how = rng.random()
    if how < 0.3:
        return [{}]
    if how < 0.6:
        return [{"harm": frozenset({"none"})}, {"harm": frozenset({"minor"})},
                {"harm": frozenset({"serious"})}]
    key = rng.choice(FLAG_KEYS)
    return [{key: True}, {key: False}]


def benchmark(n: int, rng: random.Random) -> Benchmark:
    key = rng.choice([k for k, _, _ in NUMERIC])
    cuts = sorted(rng.sample(range(1, 200), rng.randint(1, 3)))
    scale = 1 if key == "duration_days" else 1000
    bounds = [None, *(Decimal(c * scale) for c in cuts), None]
    tiers, row = [], 2
    for low, high in zip(bounds, bounds[1:], strict=False):
        for extra in _splits(rng):
            fine = Decimal(rng.randint(1, 100) * 1000)
            tiers.append(Tier(f"T{row}", f"档{row}", **{key: Span(low, high)}, **extra,
                              kinds=("fine",), fine_min=fine, fine_max=fine * 2, row=row))
            row += 1
    return Benchmark(f"V{n:04d}", tuple(tiers))


def facts(count: int, rng: random.Random) -> list[tuple[int, dict]]:
    amounts = [Decimal(rng.randint(0, 250_000)) for _ in range(10_000)]  # shared objects
    days = [Decimal(d) for d in range(0, 250)]
    out = []
    for _ in range(count):
        out.append((rng.randrange(BENCHMARKS), {
            "amount_involved": rng.choice(amounts), "illegal_income": rng.choice(amounts),
            "duration_days": rng.choice(days), "harm": rng.choice(HARMS),
            "first_offence": rng.random() < 0.5, "corrected": rng.random() < 0.5,
            "cooperated": rng.random() < 0.5}))
    return out


def main(quick: bool) -> None:
    total = 100_000 if quick else 1_000_000
    baseline_count = 20_000 if quick else 100_000
    rng = random.Random(20261206)
    specs = [benchmark(n, rng) for n in range(BENCHMARKS)]
    compile_s, compiled = timed(lambda: [compile_benchmark(b) for b in specs])
    tiers = [t for c in compiled for t in [c.tier]]

    ours_s, cpu_s, evaluated, first = 0.0, 0.0, 0, None
    while evaluated < total:
        chunk = facts(min(CHUNK, total - evaluated), rng)
        cpu = time.process_time()
        seconds, results = timed(lambda chunk=chunk: [tiers[i](f) for i, f in chunk])
        cpu_s += time.process_time() - cpu
        ours_s += seconds
        evaluated += len(chunk)
        if first is None:
            first = (chunk, results)

    chunk, results = first
    subset = chunk[:baseline_count]
    base_s, base = timed(lambda: [evaluate_naive(specs[i], f) for i, f in subset])
    sub_s, _ = timed(lambda: [tiers[i](f) for i, f in subset])
    identical = base == results[:len(subset)]
    rate, base_rate, sub_rate = total / ours_s, len(subset) / base_s, len(subset) / sub_s
    table(f"discretion: {total:,} case facts against {BENCHMARKS} benchmarks", [
        ("tiers in all", f"{sum(len(b.tiers) for b in specs):,}"),
        ("compile 500 benchmarks (validate + table)", f"{compile_s * 1000:.0f} ms"),
        ("compiled: cases/s", f"{rate:,.0f}"),
        ("compiled: per case", f"{ours_s / total * 1e9:.0f} ns"),
        ("compiled: cases per CPU second", f"{total / cpu_s:,.0f}"),
        ("baseline subset", f"{len(subset):,} cases"),
        ("naive tier scan: cases/s", f"{base_rate:,.0f}"),
        ("compiled on the subset: cases/s", f"{sub_rate:,.0f}"),
        ("ratio (same subset)", f"{sub_rate / base_rate:,.1f}x"),
        ("identical tiers", "yes" if identical else "no"),
    ])


if __name__ == "__main__":
    main(quick=False)
