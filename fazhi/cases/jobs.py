"""Tick jobs of the case engine."""

from datetime import date

from fazhi.cases.clocks import recompute_clocks
from fazhi.cases.models import Clock
from fazhi.core.tick import job


@job("clocks.paused")
def advance_paused_clocks(today: date) -> str:
    """A stopped clock resumes by itself once its stop's bound has passed (the due date
    already counted the stop to its bound; the flag and the explanation change)."""
    changed = recompute_clocks(Clock.objects.filter(state=Clock.RUNNING, paused=True), today)
    return f"{changed} paused clock(s) updated"


@job("cases.reminders")
def remind_due_soon(today: date) -> str:
    """Tell handlers of the cases falling due soon (once per case and due date)."""
    from fazhi.cases.reminders import remind

    return f"{remind(today)} reminder(s) queued"
