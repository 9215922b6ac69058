"""Tick jobs of the core: the ledger checkpoint (also taken automatically on commit)."""

from datetime import date

from fazhi.core.checkpoints import record_checkpoint
from fazhi.core.tick import job


@job("ledger.checkpoint")
def checkpoint(today: date) -> str:
    made = record_checkpoint()
    return f"checkpoint at event {made.upto_event_id}" if made else "no new events"
