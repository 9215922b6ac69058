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
