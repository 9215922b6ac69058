"""Tick job: credit records expire, so classes are recomputed daily (idempotent)."""

from datetime import date

from fazhi.core.tick import job
from fazhi.subjects import credit


@job("subjects.credit")
def recompute_classes(today: date) -> str:
    changed = credit.recompute_all_with_records(today)
    return f"credit classes changed {changed}"
