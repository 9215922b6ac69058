"""A registration surge: threads on SQLite (and PostgreSQL when FAZHI_DATABASE_URL is set)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from fazhi.core.errors import NotAllowed
from fazhi.lottery import notary_steps, registration, rounds
from fazhi.lottery.models import Registration
from fazhi.lottery.tests import factories as f

WORKERS, EACH = 4, 12


def surge(lot, worker_ids: list[int], results: list, errors: list) -> None:
    def work(w: int) -> None:
        try:
            for i in range(EACH):
                person = (w * EACH + i) % (WORKERS * EACH // 2)  # every person twice
                try:
                    entry = registration.register(lot.pk, name=f"并发{person}", id_number=f.make_id(
                        person), phone=f"1390000{w:02d}{i:02d}", pool="individual")
                    results.append((person, entry.outcome, entry.registration.code,
                                    entry.registration.phone))
                except NotAllowed:
                    results.append((person, None, None, None))
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(w,)) for w in worker_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def live_lottery(admin):
    now = timezone.now()
    lot = rounds.announce(admin, f.rules(registration_opens_at=now - timedelta(hours=1),
                                           freeze_at=now + timedelta(hours=1),
                                           draw_at=now + timedelta(hours=2)))
    assert lot.state == lot.OPEN
    return lot


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_are_neither_lost_nor_duplicated(admin):
    lot = live_lottery(admin)
    results: list = []
    errors: list = []
    surge(lot, list(range(WORKERS)), results, errors)
    assert errors == []
    rows = list(Registration.objects.filter(lottery=lot))
    assert len(rows) == WORKERS * EACH // 2  # one row per person
    assert len({r.code for r in rows}) == len(rows)
    assert all(r.name and r.phone and r.id_tail and r.code for r in rows)
    by_person = {r.name: (r.code, r.phone) for r in rows}
    created = [(p, code, phone) for p, outcome, code, phone in results if outcome == "created"]
    # Of two racing entries of one person exactly one creates it (and learns the code);
    # the other is held for proof and changes nothing.
    assert sorted(p for p, _, _ in created) == sorted({p for p, *_ in results})
    for person, code, phone in created:
        assert by_person[f"并发{person}"] == (code, phone)
    assert {o for _, o, _, _ in results} == {"created", "held"}


@pytest.mark.django_db(transaction=True)
def test_every_confirmed_registration_is_in_the_frozen_pool(admin):
    lot = live_lottery(admin)
    results: list = []
    errors: list = []
    starter = threading.Thread(target=surge, args=(lot, [0, 1, 2], results, errors))
    starter.start()
    try:
        for _ in range(500):  # freeze mid-surge, once a few entries exist
            if len([r for r in results if r[1] == "created"]) >= 5:
                break
            time.sleep(0.01)
        notary_steps.freeze(admin, lot.pk)
    finally:
        connections.close_all()
    starter.join()
    assert errors == []
    lot.refresh_from_db()
    pooled = {line.split(",")[0] for line in lot.pool_file.splitlines()}
    confirmed = {code for _, outcome, code, _ in results if outcome == "created"}
    assert confirmed <= pooled
    assert set(Registration.objects.filter(lottery=lot).values_list("code", flat=True)) == pooled
