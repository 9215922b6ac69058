"""Gapless, race-free numbering under concurrent writers (SQLite and PostgreSQL)."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from fazhi.cases.engine import next_number
from fazhi.cases.models import Case
from fazhi.disclosure.tests import factories as f

WORKERS, EACH = 4, 15


def run_in_threads(fn) -> list[Exception]:
    errors: list[Exception] = []

    def worker() -> None:
        try:
            for _ in range(EACH):
                fn()
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_counters_are_gapless():
    from django.db import transaction

    taken: list[int] = []
    lock = threading.Lock()

    def take() -> None:
        with transaction.atomic():
            n = next_number("test:race", 2026)
        with lock:
            taken.append(n)

    assert run_in_threads(take) == []
    assert sorted(taken) == list(range(1, WORKERS * EACH + 1))


@pytest.mark.django_db(transaction=True)
def test_concurrent_case_registration_gives_unique_gapless_numbers(agency):
    day = date(2025, 9, 1)
    errors = run_in_threads(lambda: f.received(agency, on=day))
    assert errors == []
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [f"XMSFJ-GK-2025-{n:05d}" for n in range(1, WORKERS * EACH + 1)]
    assert connection.vendor in {"sqlite", "postgresql"}
