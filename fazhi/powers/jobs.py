"""Tick job: officers hear a month ahead that their certificate expires (idempotent)."""

from datetime import date

from fazhi.core.tick import job
from fazhi.powers import services


@job("powers.certificate_expiry")
def remind_expiring(today: date) -> str:
    return f"certificate expiry notices {services.remind_expiring(today)}"
