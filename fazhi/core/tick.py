"""The periodic sweeper. Anything asynchronous is persisted state plus a job here that
finds what is due and does it idempotently (DESIGN.md §2 principle 7)."""

from collections.abc import Callable
from datetime import date

JOBS: dict[str, Callable[[date], str]] = {}


def job(name: str) -> Callable[[Callable[[date], str]], Callable[[date], str]]:
    """Register a tick job: fn(today) -> one-line summary of what it did."""
    def wrap(fn: Callable[[date], str]) -> Callable[[date], str]:
        JOBS[name] = fn
        return fn
    return wrap


def run_all(today: date) -> dict[str, str]:
    return {name: fn(today) for name, fn in sorted(JOBS.items())}
