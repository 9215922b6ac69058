"""Working-day arithmetic: WorkCalendar.add_working_days against chinese_calendar.

Pairs are (start date in 2019–2026, N in 0..60). The baseline is the same addition with
`chinese_calendar.find_workday`, whose `find_workday(k, d)` is the k-th working day after
the first working day on or after d; so "N working days after start, start excluded" is
`find_workday(N - 1, start + 1 day)` for N >= 1, and `start` for N = 0. chinese_calendar
only knows 2004–2026 and is slow, so the baseline runs on a subset (20,000 pairs; 2,000
if quick) whose results stay in 2026.
"""

import random
from datetime import date, timedelta

import chinese_calendar

from bench.common import table, timed
from fazhi.law.workdays import builtin_calendar

ONE_DAY = timedelta(days=1)
FIRST, LAST = date(2019, 1, 1), date(2026, 12, 31)


def pairs(count: int, seed: int = 20250101) -> list[tuple[date, int]]:
    rng = random.Random(seed)
    low, high = FIRST.toordinal(), LAST.toordinal()
    return [(date.fromordinal(rng.randint(low, high)), rng.randint(0, 60)) for _ in range(count)]


def baseline_add(start: date, n: int) -> date:
    return start if n == 0 else chinese_calendar.find_workday(n - 1, start + ONE_DAY)


def main(quick: bool) -> None:
    count = 100_000 if quick else 1_000_000
    baseline_count = 2_000 if quick else 20_000
    build_s, cal = timed(lambda: (builtin_calendar.cache_clear(), builtin_calendar())[1])
    work = pairs(count)
    add = cal.add_working_days
    ours_s, ours = timed(lambda: [add(d, n) for d, n in work])

    subset = [(p, r) for p, r in zip(work, ours, strict=True) if r <= LAST][:baseline_count]
    sub_pairs = [p for p, _ in subset]
    base_s, base = timed(lambda: [baseline_add(d, n) for d, n in sub_pairs])
    sub_ours_s, sub_ours = timed(lambda: [add(d, n) for d, n in sub_pairs])
    identical = base == sub_ours == [r for _, r in subset]

    ours_rate = count / ours_s
    base_rate = len(sub_pairs) / base_s
    sub_rate = len(sub_pairs) / sub_ours_s
    table(f"workdays: add_working_days, {count:,} pairs (2019–2026, N ≤ 60)", [
        ("calendar build (2004–2040)", f"{build_s * 1000:.0f} ms"),
        ("WorkCalendar ops/s", f"{ours_rate:,.0f}"),
        ("WorkCalendar per op", f"{ours_s / count * 1e9:.0f} ns"),
        (f"baseline subset (results ≤ {LAST})", f"{len(sub_pairs):,} pairs"),
        ("chinese_calendar.find_workday ops/s", f"{base_rate:,.0f}"),
        ("WorkCalendar ops/s on the subset", f"{sub_rate:,.0f}"),
        ("ratio (per op, same subset)", f"{sub_rate / base_rate:,.0f}x"),
        ("identical", "yes" if identical else "no"),
    ])
