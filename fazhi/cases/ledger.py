"""What `fazhi verify-ledger` reconciles for cases beyond their events: the stored due
fields, re-derived from the running clocks' inputs (fazhi.cases.clocks.evaluate_clock)."""

from datetime import date

from fazhi.cases import procedure as registry
from fazhi.cases.clocks import evaluate_clock, needs_siblings
from fazhi.cases.models import Clock

CHUNK = 2000


def due_from_clocks(today: date) -> tuple[dict[int, tuple], list[tuple[int, str]]]:
    """Each case's (due_on, due_provisional) as a recompute from its running clocks would
    store them (the earliest running clock of the agency's own, as `refresh_case_due`: a
    clock stopped for a consultation keeps a date, its stop running to its bound; a party's
    clock is not the agency's deadline), for cases with a running clock; and the running
    clocks whose own stored due date differs from their inputs. Only open cases have running
    clocks, so this reads a small part of the table. `paused` is not compared: it says
    whether the stop covers today, and tick moves it when the bound passes."""
    best: dict[int, tuple] = {}
    found: list[tuple[int, str]] = []
    clocks = (Clock.objects.filter(state=Clock.RUNNING).order_by("case_id", "id")
              .select_related("case").only("case__procedure", "case__procedure_version",
                                           *(f.attname for f in Clock._meta.concrete_fields)))
    evaluated: dict[tuple, tuple] = {}  # cases received the same day share their clocks' dates
    for clock in clocks.iterator(chunk_size=CHUNK):
        stored = (clock.due_on, clock.provisional)
        clock.due_on, clock.provisional = _evaluated(clock, today, evaluated)
        if stored != (clock.due_on, clock.provisional):
            found.append((clock.case_id, f"期限 {clock.code} 存为 {stored[0]}"
                          f"{'（临时）' if stored[1] else ''}，按其起算日、中止和延长"
                          f"应为 {clock.due_on}{'（临时）' if clock.provisional else ''}"))
        if clock.party:
            continue
        due, _ = best.get(clock.case_id, (None, False))
        if due is None or clock.due_on < due:
            best[clock.case_id] = (clock.due_on, clock.provisional)
        elif clock.due_on == due and clock.provisional:
            best[clock.case_id] = (due, True)
    return best, found


def _evaluated(clock: Clock, today: date, seen: dict[tuple, tuple]) -> tuple:
    """(due_on, provisional) from the clock's inputs; shared by clocks with the same inputs,
    except those whose stop is bounded by a party's clock (that clock is read afresh)."""
    proc = registry.get(clock.case.procedure, clock.case.procedure_version)
    if needs_siblings(clock):
        evaluate_clock(clock, proc, today)
        return clock.due_on, clock.provisional
    key = (proc.code, proc.version, clock.code, clock.started_on, repr(clock.stops),
           clock.extended, clock.note)
    if key not in seen:
        evaluate_clock(clock, proc, today)
        seen[key] = (clock.due_on, clock.provisional)
    return seen[key]
