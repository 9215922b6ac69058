"""Clock evaluation: one function turns a clock's inputs into its stored, explained due date."""

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from django.db.models import Min, Q
from django.utils import timezone

from fazhi.cases import procedure as registry
from fazhi.cases.models import Case, Clock
from fazhi.holidays.services import current_calendar
from fazhi.law import timelimits
from fazhi.law.workdays import WorkCalendar

# What evaluation writes; a clock is saved again only when one of these changed.
EVALUATED = ("due_on", "provisional", "paused", "explanation", "stops")


def limit_for(clock: Clock, proc: registry.Procedure) -> timelimits.Limit:
    for limit in proc.limits.values():
        if limit.code == clock.code:
            return limit
    return timelimits.get(clock.code, on=clock.started_on)


def party_due(clock: Clock, proc: registry.Procedure, calendar: WorkCalendar) -> date:
    """A party clock's due date counted afresh from its start (it has no stops)."""
    return timelimits.evaluate(limit_for(clock, proc), calendar, clock.started_on).due


def resolve_bounds(clock: Clock, proc: registry.Procedure, calendar: WorkCalendar,
                   siblings: Mapping[str, Clock]) -> list[timelimits.Stop]:
    """The clock's stops with every bound resolved. A bound tied to a party's clock (the
    consulted party's 15 WD, the payment period) is that clock's due date computed now,
    so it moves when the party's receipt date is recorded or a calendar year is loaded;
    the stored row keeps the resolved date for readers of the row (API, admin)."""
    rows = []
    for row in clock.stops:
        party = siblings.get(row.get("bound_clock") or "")
        if party is not None:
            row = row | {"bound": party_due(party, proc, calendar).isoformat()}
        rows.append(row)
    clock.stops = rows
    return [as_stop(row) for row in rows]


def as_stop(row: Mapping) -> timelimits.Stop:
    end = row.get("end")
    return timelimits.Stop(date.fromisoformat(row["start"]),
                           date.fromisoformat(end) if end else None, row["reason"],
                           bound=date.fromisoformat(row["bound"]),
                           bound_reason=row.get("bound_reason", ""))


def needs_siblings(clock: Clock) -> bool:
    return any(row.get("bound_clock") for row in clock.stops)


def evaluate_clock(clock: Clock, proc: registry.Procedure, today: date | None = None,
                   siblings: Mapping[str, Clock] | None = None,
                   calendar: WorkCalendar | None = None) -> None:
    """Recompute due date, provisional/paused flags and explanation from the clock's inputs
    (`siblings`: the case's clocks by code, read from the database when not given)."""
    calendar = calendar or current_calendar()
    if siblings is None and needs_siblings(clock):
        siblings = {c.code: c for c in Clock.objects.filter(case_id=clock.case_id)}
    stops = resolve_bounds(clock, proc, calendar, siblings or {})
    deadline = timelimits.evaluate(
        limit_for(clock, proc), calendar, clock.started_on, stops=stops,
        extended=clock.extended, today=today or timezone.localdate())
    clock.due_on = deadline.due
    clock.provisional = deadline.provisional
    clock.paused = deadline.paused
    clock.explanation = deadline.explanation + (f"（{clock.note}）" if clock.note else "")


def evaluate_all(clocks: Iterable[Clock], proc: registry.Procedure, today: date,
                 calendar: WorkCalendar | Callable[[], WorkCalendar] | None = None) -> None:
    """Evaluate a case's running clocks together, so bounds resolve against the same rows
    (`calendar` may be a function, called only when a clock runs)."""
    by_code = {clock.code: clock for clock in clocks}
    running = [clock for clock in by_code.values() if clock.state == Clock.RUNNING]
    if not running:
        return
    cal = calendar() if callable(calendar) else calendar
    for clock in running:
        evaluate_clock(clock, proc, today, by_code, cal)


def due_of(clocks: Iterable[Clock]) -> tuple[date | None, bool]:
    """The case's due date is the earliest running clock of the agency's own (a clock
    stopped for a consultation still has a date: the stop runs to its bound); a party's
    clock is not the agency's deadline. Overdue is derived. (due_on, provisional)."""
    running = [c for c in clocks if c.state == Clock.RUNNING and not c.party]
    if not running:
        return None, False
    due = min(c.due_on for c in running)
    return due, any(c.provisional for c in running if c.due_on == due)


def refresh_case_due(case: Case) -> None:
    """`due_of` the case's clocks as stored."""
    running = Clock.objects.filter(case_id=case.pk, state=Clock.RUNNING, party="")
    case.due_on = running.aggregate(d=Min("due_on"))["d"]
    case.due_provisional = running.filter(due_on=case.due_on, provisional=True).exists() \
        if case.due_on else False


def _snapshot(clock: Clock) -> tuple:
    return tuple(getattr(clock, name) for name in EVALUATED)


def recompute_clocks(clocks, today: date | None = None) -> int:
    """Re-evaluate the given running clocks and their cases' due dates (calendar loaded,
    paused clocks resuming at their bound). Returns how many clocks changed."""
    changed, cases = 0, set()
    for clock in clocks.select_related("case"):
        before = _snapshot(clock)
        proc = registry.get(clock.case.procedure, clock.case.procedure_version)
        evaluate_clock(clock, proc, today)
        if before != _snapshot(clock):
            clock.save(update_fields=list(EVALUATED))
            changed += 1
            cases.add(clock.case_id)
    for case in Case.objects.filter(pk__in=cases):
        refresh_case_due(case)
        case.save(update_fields=["due_on", "due_provisional"])
    return changed


def recompute_after_calendar_load(year: int) -> int:
    """Every running clock that may touch `year` (provisional, or due on or after Jan 1 of
    the year before), whoever's limit it is (the agency's, a consulted party's, the
    applicant's payment period), is recomputed: its stored due date depended on that
    year's data."""
    clocks = Clock.objects.filter(state=Clock.RUNNING).filter(
        Q(provisional=True) | Q(due_on__gte=date(year - 1, 1, 1)))
    return recompute_clocks(clocks)
