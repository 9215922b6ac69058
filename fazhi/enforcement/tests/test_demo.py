"""The demo builder makes penalty cases in every state through the engine, without refusals."""

import pytest
from django.core.management import call_command

from fazhi.cases.models import Case


@pytest.mark.django_db
def test_demo_builds_penalty_cases_in_many_states():
    call_command("demo", "--cases", "40", "--seed", "7")
    states = set(Case.objects.filter(procedure="penalty").values_list("state", flat=True))
    assert {"lead", "investigating", "notified", "decided", "served", "closed"} <= states
    assert Case.objects.filter(procedure="penalty", outcome="penalised").exists()
    from fazhi.enforcement.models import PublishedDecision

    assert PublishedDecision.objects.exists()


@pytest.mark.django_db
def test_demo_cases_have_records_custody_items_and_electronic_service(capsys):
    """Issue 13 parts 5–8 in the demo city: full-process records (《行政处罚法》第四十七条),
    seized items in custody with their case, documents served electronically (第六十一条)
    and a transfer opened by the head's conclusion (第五十七条第一款第四项)."""
    call_command("demo", "--cases", "40", "--seed", "7")
    from fazhi.custody.models import Item
    from fazhi.delivery.models import Delivery
    from fazhi.enforcement import records
    from fazhi.enforcement.models import ProcessRecord
    from fazhi.transfers.models import Transfer

    assert "未能执行：enforcement" not in capsys.readouterr().err
    assert ProcessRecord.objects.filter(kind="video").exists()
    assert ProcessRecord.objects.filter(kind="written").exists()
    assert Item.objects.filter(case__procedure="penalty").exists()
    assert Delivery.objects.filter(case__procedure="penalty", served_on__isnull=False).exists()
    assert Case.objects.filter(procedure="penalty", penalty__notice_served_on__isnull=False,
                               deliveries__isnull=False).exists()
    assert Transfer.objects.filter(source__procedure="penalty").exists()
    for case in Case.objects.filter(procedure="penalty"):
        assert records.complete(case), case.number
