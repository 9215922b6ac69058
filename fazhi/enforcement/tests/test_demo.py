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
