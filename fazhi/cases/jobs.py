"""Tick jobs of the case engine."""

from datetime import date

from fazhi.cases.clocks import recompute_clocks
from fazhi.cases.ledger import record_checkpoint
from fazhi.cases.models import Clock
from fazhi.core.tick import job


@job("ledger.checkpoint")
def checkpoint(today: date) -> str:
    made = record_checkpoint()
    return f"checkpoint at event {made.upto_event_id}" if made else "no new events"


@job("clocks.paused")
def advance_paused_clocks(today: date) -> str:
    """A stopped clock resumes by itself once its stop's bound has passed (the due date
    already counted the stop to its bound; the flag and the explanation change)."""
    changed = recompute_clocks(Clock.objects.filter(state=Clock.RUNNING, paused=True), today)
    return f"{changed} paused clock(s) updated"
