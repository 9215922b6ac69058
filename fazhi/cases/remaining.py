"""Time left on a running clock, counted in the unit of its limit.

A limit in working days (条例第三十三条: 20个工作日) is shown as working days left or
working days overdue; a limit in calendar days, months or years as calendar days. The
count is provisional when a calendar year it crosses is not loaded (the holidays of that
year are estimated, ADR 0002), like the due date itself.
"""

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from fazhi.cases import procedure as registry
from fazhi.cases.clocks import limit_for
from fazhi.cases.models import Case, Clock
from fazhi.law.timelimits import Unit
from fazhi.law.workdays import WorkCalendar


@dataclass(frozen=True)
class Remaining:
    """`days` left to the due date (0: due today; negative: overdue by -days)."""

    days: int
    working: bool  # counted in working days (the limit's unit)
    provisional: bool
    paused: bool = False

    @property
    def overdue(self) -> int:
        return -self.days if self.days < 0 else 0

    @property
    def left(self) -> int:
        return max(self.days, 0)


def remaining(due: date, unit: str, today: date, calendar: WorkCalendar, *,
              provisional: bool = False, paused: bool = False) -> Remaining:
    """The time from `today` to `due` in `unit`: working days in (today, due] for a limit
    in working days, calendar days otherwise (negative once `due` has passed)."""
    working = Unit(unit) is Unit.WD
    days = calendar.working_days_between(today, due) if working else (due - today).days
    unloaded = bool(calendar.unloaded_years(min(today, due), max(today, due))) if working else False
    return Remaining(days, working, provisional or unloaded, paused)


def of_clock(clock: Clock, proc: registry.Procedure | None, today: date,
             calendar: WorkCalendar) -> Remaining:
    """The time left on one running clock (calendar days when its limit is unknown)."""
    unit = Unit.CD
    if proc is not None:
        with contextlib.suppress(KeyError):
            unit = limit_for(clock, proc).unit
    return remaining(clock.due_on, unit, today, calendar, provisional=clock.provisional,
                     paused=clock.paused)


def of_cases(cases: Iterable[Case], today: date, calendar: WorkCalendar) -> dict[int, Remaining]:
    """For each open dated case, the time left on the clock that sets its due date (the
    agency's earliest running clock), in that clock's unit: one query for all of them."""
    by_id = {c.pk: c for c in cases if c.is_open and c.due_on}
    # plain rows, not model instances: a page of clocks is read on every inbox request
    rows = (Clock.objects.filter(case_id__in=list(by_id), state=Clock.RUNNING, party="")
            .order_by("due_on", "id")
            .values_list("case_id", "code", "started_on", "due_on", "provisional", "paused"))
    found: dict[int, Remaining] = {}
    for case_id, code, started_on, due_on, provisional, paused in rows:
        if case_id in found:
            continue
        case = by_id[case_id]
        try:
            proc = registry.get(case.procedure, case.procedure_version)
        except KeyError:
            proc = None
        clock = SimpleNamespace(code=code, started_on=started_on, due_on=due_on,
                                provisional=provisional, paused=paused)
        found[case_id] = of_clock(clock, proc, today, calendar)  # type: ignore[arg-type]
    return found
