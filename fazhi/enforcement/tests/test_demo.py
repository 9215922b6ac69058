"""The demo builder makes penalty cases in every state through the engine, without refusals."""

from fazhi.cases.models import Case


def test_demo_builds_penalty_cases_in_many_states(demo_city):
    states = set(Case.objects.filter(procedure="penalty").values_list("state", flat=True))
    assert {"lead", "investigating", "notified", "decided", "served", "closed"} <= states
    assert Case.objects.filter(procedure="penalty", outcome="penalised").exists()
    from fazhi.enforcement.models import PublishedDecision

    assert PublishedDecision.objects.exists()


def test_demo_builds_on_the_spot_penalties_in_several_states_with_a_voided_form(demo_city):
    """《行政处罚法》第五十二条、第七十一条: ranges, a voided form, cash overdue to hand over."""
    from fazhi.cases.models import Clock
    from fazhi.enforcement.models import FormRange, SimpleForm

    assert "enforcement simple" not in demo_city[1]  # no planned action refused
    states = set(Case.objects.filter(procedure="simple_penalty").values_list("state", flat=True))
    assert {"decided", "delivered", "filed", "closed"} <= states
    from fazhi.enforcement.simple_demo import PLAN

    assert Case.objects.filter(procedure="simple_penalty").count() == len(PLAN)  # none refused
    assert FormRange.objects.count() == 2
    assert SimpleForm.objects.filter(status=SimpleForm.VOIDED).count() == 1
    assert Clock.objects.filter(code="enforcement.simple_cash_handover", state=Clock.RUNNING).exists()
def test_demo_cases_have_records_custody_items_and_electronic_service(demo_city):
    """Issue 13 parts 5–8 in the demo city: full-process records (《行政处罚法》第四十七条),
    seized items in custody with their case, documents served electronically (第六十一条)
    and a transfer opened by the head's conclusion (第五十七条第一款第四项)."""
    from fazhi.custody.models import Item
    from fazhi.delivery.models import Delivery
    from fazhi.enforcement import records
    from fazhi.enforcement.models import ProcessRecord
    from fazhi.transfers.models import Transfer

    assert "未能执行：enforcement" not in demo_city[1]
    assert ProcessRecord.objects.filter(kind="video").exists()
    assert ProcessRecord.objects.filter(kind="written").exists()
    assert Item.objects.filter(case__procedure="penalty").exists()
    assert Delivery.objects.filter(case__procedure="penalty", served_on__isnull=False).exists()
    assert Case.objects.filter(procedure="penalty", penalty__notice_served_on__isnull=False,
                               deliveries__isnull=False).exists()
    assert Transfer.objects.filter(source__procedure="penalty").exists()
    for case in Case.objects.filter(procedure="penalty"):
        assert records.complete(case), case.number
