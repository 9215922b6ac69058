"""The demo builder makes penalty cases in every state through the engine, without refusals."""

from fazhi.cases.models import Case


def test_demo_builds_penalty_cases_in_many_states(demo_city):
    states = set(Case.objects.filter(procedure="penalty").values_list("state", flat=True))
    assert {"lead", "investigating", "notified", "decided", "served", "closed"} <= states
    assert Case.objects.filter(procedure="penalty", outcome="penalised").exists()
    from fazhi.enforcement.models import PublishedDecision

    assert PublishedDecision.objects.exists()
