"""Tick job: deliver due and retried notifications."""

from datetime import date

from fazhi.core.tick import job
from fazhi.notifications.services import deliver_due


@job("notifications.deliver")
def sweep(today: date) -> str:
    counts = deliver_due()
    return "、".join(f"{state} {n}" for state, n in sorted(counts.items())) or "nothing due"
