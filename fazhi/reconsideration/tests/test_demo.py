"""The demo builder makes reconsideration cases in every state through the engine, without
refusals, some against disclosure replies."""

from fazhi.cases.models import Case


def test_demo_builds_reconsideration_cases_in_every_state(demo_city):
    out, _err = demo_city
    assert "reconsideration #" not in out + _err  # no planned action refused
    cases = Case.objects.filter(procedure="reconsideration")
    states = set(cases.values_list("state", flat=True))
    assert {"received", "correcting", "accepted", "copying", "replying", "reviewing",
            "hearing_scheduled", "proposed", "suspended", "decided", "closed"} <= states
    outcomes = set(cases.values_list("outcome", flat=True))
    assert {"revoke", "change", "uphold", "not_accepted", "withdrawn", "mediated"} <= outcomes
    assert cases.filter(reconsideration__deemed_accepted=True).exists()
    assert cases.exclude(reconsideration__disclosure_case="").exists()
    assert cases.filter(agency__code="XMSFJ").count() == cases.count()
    assert cases.exclude(reconsideration__committee_opinion="").exists()  # 第五十二条
    # the steps of ADR 0046: incidental review, opinion letters, performance supervision
    assert {"document_review", "performing"} <= states
    assert {"lawful", "unlawful"} <= set(cases.values_list("reconsideration__review_finding",
                                                           flat=True))
    assert cases.exclude(reconsideration__letter_no="").exists()
    assert cases.filter(reconsideration__performed_on__isnull=False, state="closed").exists()
    assert cases.filter(reconsideration__perform_orders__gt=0).exists()
    assert cases.exclude(reconsideration__enforcement="").exists()
