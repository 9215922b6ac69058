"""The demo builder makes litigation response cases in every state through the engine,
without refusals, and its logins work (市资源规划局: zgj_handler, zgj_head)."""

from fazhi.cases.models import Case


def test_demo_builds_litigation_cases_in_every_state(demo_city):
    out, err = demo_city
    assert "litigation #" not in out + err  # no planned action refused
    cases = Case.objects.filter(procedure="litigation")
    from fazhi.litigation.procedure import STATES

    assert set(cases.values_list("state", flat=True)) == set(STATES)
    assert set(cases.filter(state="closed").values_list("outcome", flat=True)) == \
        {"upheld", "ordered_perform", "withdrawn"}
    assert cases.filter(litigation__head_appeared=True).exists()
    assert cases.filter(litigation__head_appeared=False, litigation__hearings__gt=0).exists()
    assert cases.filter(litigation__defence_late=True).exists()
    assert cases.filter(litigation__suggestions__gt=0).exists()
    from fazhi.core.models import Event

    # a suit against one of the agency's closed disclosure replies or penalties shows there
    assert Event.objects.filter(action="litigation:registered").exists()
    print(out)  # the builders' summary lines (seen with -s)
