"""Tick jobs of the case engine."""

from datetime import date

from fazhi.cases.clocks import recompute_clocks
from fazhi.cases.models import Clock
from fazhi.core.tick import job


@job("clocks.paused")
def advance_paused_clocks(today: date) -> str:
    """A paused clock's due date moves with each day the stop lasts."""
    changed = recompute_clocks(Clock.objects.filter(state=Clock.RUNNING, paused=True), today)
    return f"{changed} paused clock(s) moved"
