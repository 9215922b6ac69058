"""`fazhi demo`: every app's demo builder, each after the apps whose data it needs, into an
empty database; then a ledger checkpoint.

The builders share one `DemoContext`: one random stream from the seed (the same seed and
day give the same city), the simulated today, the scale, and what earlier builders made
(`ctx.built[label]`). Builders write only through their app's services; the helpers here
let a simulation run on simulated dates (`simulated_clock`) without the query log.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from fazhi.core import modules
from fazhi.core.modules import DemoContext

SCALES = {"default": 2_000, "city": 100_000}


@dataclass
class Built:
    context: DemoContext
    lines: list[str] = field(default_factory=list)  # each builder's report
    seconds: float = 0.0
    timings: dict[str, tuple[float, float]] = field(default_factory=dict)  # label → (wall, CPU) s


def build(cases: int, seed: int, today: date, progress: Callable[[str], None] | None = None
          ) -> Built:
    """Run every installed app's demo builder in dependency order (empty database)."""
    from fazhi.core.checkpoints import paused, record_checkpoint

    started = time.perf_counter()
    ctx = DemoContext(seed=seed, today=today, cases=cases, rng=random.Random(seed),
                      progress=progress or (lambda line: None))
    order = modules.demo_order()
    # the simulated clock would make one automatic checkpoint a day; the notices the
    # simulated past sent (to synthetic phones) go to the outbox as sent, not to the console
    with paused(), quiet_outbox():
        timings = {}
        for module in order:
            wall, cpu = time.perf_counter(), time.process_time()
            ctx.built[module.label] = module.demo.build(ctx)
            timings[module.label] = (time.perf_counter() - wall, time.process_time() - cpu)
    record_checkpoint()  # one, over the whole city
    built = Built(ctx, seconds=time.perf_counter() - started, timings=timings)
    for module in order:
        if module.demo.report:
            built.lines += module.demo.report(ctx)
    return built


@contextmanager
def simulated_clock() -> Iterator[list[datetime]]:
    """Make `django.utils.timezone.now()` return a simulated instant (held in the yielded
    one-element list), so event times, opened/closed and publication times follow the
    simulated dates instead of the moment the demo was built. The engine reads the wall
    clock; only `today` is passed through its API."""
    import django.utils.timezone as tz

    real = tz.datetime
    holder = [datetime.now(UTC)]

    class SimulatedDatetime(real):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001 - datetime.now's own signature
            value = holder[0]
            return value.astimezone(tz) if tz else value.replace(tzinfo=None)

    tz.datetime = SimulatedDatetime
    try:
        yield holder
    finally:
        tz.datetime = real


@dataclass(frozen=True)
class Planned:
    """One step of a simulation: on day `on`, `run(on)` acts on the thing `key` (a document,
    a lottery…); `n` orders the thing's steps. A step that fails skips the thing's later
    steps (its earlier ones stay, as they would in real use)."""

    on: date
    key: int
    n: int
    run: Callable[[date], object]


def simulate(steps: list[Planned], failures: list[str],
             progress: Callable[[int, int], None] | None = None) -> int:
    """Run the steps in calendar order, one transaction per simulated day, with
    `timezone.now()` moving through that day's office hours; the number of steps done.
    A domain refusal is recorded in `failures` (the build's report prints them);
    `progress(steps run so far, all steps)` is told after each day."""
    from fazhi.core.errors import DomainError

    tz = ZoneInfo(settings.TIME_ZONE)
    broken: set[int] = set()
    done = seen = 0
    ordered = sorted(steps, key=lambda s: (s.on, s.key, s.n))
    with simulated_clock() as clock, no_query_log():
        for day, items in _days(ordered):
            moment = datetime.combine(day, datetime.min.time(), tz) + timedelta(hours=8, minutes=30)
            spacing = timedelta(seconds=max(1, 9 * 3600 // len(items)))
            with transaction.atomic():
                for step in items:
                    moment += spacing
                    clock[0] = min(moment.astimezone(UTC), datetime.now(UTC))  # not in the future
                    if step.key in broken:
                        continue
                    try:
                        with transaction.atomic():
                            step.run(day)
                        done += 1
                    except DomainError as exc:
                        broken.add(step.key)
                        failures.append(f"{step.key} #{step.n} on {day}: {exc.message}")
            seen += len(items)
            if progress:
                progress(seen, len(ordered))
    return done


def _days(steps: list[Planned]) -> Iterator[tuple[date, list[Planned]]]:
    start = 0
    while start < len(steps):
        end = start
        while end < len(steps) and steps[end].on == steps[start].on:
            end += 1
        yield steps[start].on, steps[start:end]
        start = end


@contextmanager
def quiet_outbox() -> Iterator[None]:
    """Deliver the build's notifications to memory (recorded as sent in the outbox, as they
    were in the simulated past) instead of printing each to the console."""
    from fazhi.notifications.senders import MemorySender

    senders = settings.FAZHI_NOTIFY_SENDERS
    kept = len(MemorySender.sent)
    settings.FAZHI_NOTIFY_SENDERS = dict.fromkeys(senders, "fazhi.notifications.senders.MemorySender")
    try:
        yield
    finally:
        settings.FAZHI_NOTIFY_SENDERS = senders
        del MemorySender.sent[kept:]


def office_time(day: date, hour: int, minute: int = 0) -> datetime:
    """`hour:minute` local time on a simulated day, as an aware UTC instant, never later
    than the real now: a build for today's date must not write events in the future."""
    at = datetime.combine(day, clock_time(hour, minute), ZoneInfo(settings.TIME_ZONE))
    return min(at.astimezone(UTC), datetime.now(UTC))


@contextmanager
def no_query_log() -> Iterator[None]:
    """DEBUG keeps the text of every query; a bulk build does not need it (~10% faster)."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


def reset() -> None:
    """Wipe the demo database (every table), keeping the schema."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
