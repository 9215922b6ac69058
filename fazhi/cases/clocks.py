"""Clock evaluation: one function turns a clock's inputs into its stored, explained due date."""

from datetime import date

from django.db.models import Min
from django.utils import timezone

from fazhi.cases import procedure as registry
from fazhi.cases.models import Case, Clock
from fazhi.holidays.services import current_calendar
from fazhi.law import timelimits


def limit_for(clock: Clock, proc: registry.Procedure) -> timelimits.Limit:
    for limit in proc.limits.values():
        if limit.code == clock.code:
            return limit
    return timelimits.get(clock.code, on=clock.started_on)


def evaluate_clock(clock: Clock, proc: registry.Procedure, today: date | None = None) -> None:
    """Recompute due date, provisional/paused flags and explanation from the clock's inputs."""
    from fazhi.cases.engine import as_stop

    deadline = timelimits.evaluate(
        limit_for(clock, proc), current_calendar(), clock.started_on,
        stops=[as_stop(row) for row in clock.stops], extended=clock.extended,
        today=today or timezone.localdate())
    clock.due_on = deadline.due
    clock.provisional = deadline.provisional
    clock.paused = deadline.paused
    clock.explanation = deadline.explanation


def refresh_case_due(case: Case) -> None:
    """The case's due date is its earliest running, unpaused clock; overdue is derived."""
    running = Clock.objects.filter(case_id=case.pk, state=Clock.RUNNING, paused=False)
    case.due_on = running.aggregate(d=Min("due_on"))["d"]
    case.due_provisional = running.filter(due_on=case.due_on, provisional=True).exists() \
        if case.due_on else False


def recompute_clocks(clocks, today: date | None = None) -> int:
    """Re-evaluate the given running clocks and their cases' due dates (calendar loaded,
    paused clocks advancing by a day). Returns how many clocks changed."""
    changed, cases = 0, set()
    for clock in clocks.select_related("case"):
        before = (clock.due_on, clock.provisional, clock.paused, clock.explanation)
        proc = registry.get(clock.case.procedure, clock.case.procedure_version)
        evaluate_clock(clock, proc, today)
        if before != (clock.due_on, clock.provisional, clock.paused, clock.explanation):
            clock.save(update_fields=["due_on", "provisional", "paused", "explanation"])
            changed += 1
            cases.add(clock.case_id)
    for case in Case.objects.filter(pk__in=cases):
        refresh_case_due(case)
        case.save(update_fields=["due_on", "due_provisional"])
    return changed


def recompute_after_calendar_load(year: int) -> int:
    """Every running clock that may touch `year` (provisional, or due on or after Jan 1 of
    the year before) is recomputed: its stored due date depended on that year's data."""
    from django.db.models import Q

    clocks = Clock.objects.filter(state=Clock.RUNNING).filter(
        Q(provisional=True) | Q(due_on__gte=date(year - 1, 1, 1)))
    return recompute_clocks(clocks)
