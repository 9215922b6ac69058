"""Decision forms under concurrent officers (《行政处罚法》第五十二条: serially numbered forms):
no gaps, no duplicates; the (range, number) constraint refuses a duplicate outright."""

import threading

import pytest
from django.db import IntegrityError, connections, transaction

from fazhi.enforcement import models as m
from fazhi.enforcement import simple_services as services
from fazhi.enforcement.tests.factories import DAY0
from fazhi.enforcement.tests.test_simple import spot

WORKERS, EACH = 4, 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_take_gapless_unique_form_numbers_penalty_law_art_52(world):
    services.allocate_range(world.agency, world.head, officer_id=world.officers[0].pk,
                            prefix="XM", start=1, end=100, today=DAY0)
    services.void_form(m.FormRange.objects.get(), world.handler, number=7, reason="污损",
                       today=DAY0)
    errors: list[Exception] = []

    def worker(w: int) -> None:
        try:
            for i in range(EACH):
                party = f"35020319800101{w}{i:03d}"  # one act, one fine (第二十九条): many parties
                services.decide(world.agency, world.handler,
                                spot(world.officers[0], party_id=party), today=DAY0)
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    issued = sorted(m.SimpleForm.objects.filter(status=m.SimpleForm.ISSUED)
                    .values_list("number", flat=True))
    assert issued == [n for n in range(1, WORKERS * EACH + 2) if n != 7]


@pytest.mark.django_db
def test_a_duplicate_form_number_is_refused_by_the_database_penalty_law_art_52(world):
    form_range = services.allocate_range(world.agency, world.head,
                                         officer_id=world.officers[0].pk, prefix="XM", start=1,
                                         end=10, today=DAY0)
    services.void_form(form_range, world.handler, number=1, reason="污损", today=DAY0)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.SimpleForm.objects.create(form_range=form_range, number=1, form_no="XM01-bis",
                                    status=m.SimpleForm.ISSUED, on=DAY0, by="x")
