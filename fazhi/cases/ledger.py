"""What `fazhi verify-ledger` reconciles for cases beyond their events: the stored due
fields, re-derived from the running clocks' inputs (fazhi.cases.clocks.evaluate_clock)."""

import copy
from datetime import date

from fazhi.cases import procedure as registry
from fazhi.cases.clocks import evaluate_clock
from fazhi.cases.models import Clock

CHUNK = 2000


def due_from_clocks(today: date) -> tuple[dict[int, tuple], list[tuple[int, str]]]:
    """Each case's (due_on, due_provisional) as a recompute from its running clocks would
    store them (the earliest running, unpaused clock, as `refresh_case_due`), for cases with
    a running clock; and the running clocks whose own stored due date differs from their
    inputs. Only open cases have running clocks, so this reads a small part of the table.
    A paused clock's date moves daily (tick) and is left out, as `refresh_case_due` does."""
    best: dict[int, tuple] = {}
    found: list[tuple[int, str]] = []
    clocks = (Clock.objects.filter(state=Clock.RUNNING).order_by("case_id", "id")
              .select_related("case").only("case__procedure", "case__procedure_version",
                                           *(f.attname for f in Clock._meta.concrete_fields)))
    evaluated: dict[tuple, tuple] = {}  # cases received the same day share their clocks' dates
    for clock in clocks.iterator(chunk_size=CHUNK):
        stored = copy.copy(clock)
        key = (clock.case.procedure, clock.case.procedure_version, clock.code,
               clock.started_on, repr(clock.stops), clock.extended)
        if key not in evaluated:
            evaluate_clock(clock, registry.get(*key[:2]), today)
            evaluated[key] = (clock.due_on, clock.provisional, clock.paused)
        clock.due_on, clock.provisional, clock.paused = evaluated[key]
        if clock.paused:
            continue
        if (stored.due_on, stored.provisional, stored.paused) != \
                (clock.due_on, clock.provisional, clock.paused):
            found.append((clock.case_id, f"期限 {clock.code} 存为 {stored.due_on}"
                          f"{'（临时）' if stored.provisional else ''}，按其起算日、中止和延长"
                          f"应为 {clock.due_on}{'（临时）' if clock.provisional else ''}"))
        due, _ = best.get(clock.case_id, (None, False))
        if due is None or clock.due_on < due:
            best[clock.case_id] = (clock.due_on, clock.provisional)
        elif clock.due_on == due and clock.provisional:
            best[clock.case_id] = (due, True)
    return best, found
