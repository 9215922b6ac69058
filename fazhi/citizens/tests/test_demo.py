"""The demo citizens (ADR 0045): built through the engine without refusals, with matters in
several procedures (the firm in enforcement), and printed with the other demo logins."""

from fazhi.cases.models import Case
from fazhi.citizens.demo import FIRM_LOGIN, PERSON_LOGIN
from fazhi.citizens.models import Citizen


def test_demo_citizens_have_matters_across_procedures_and_are_printed(demo_city):
    out, err = demo_city
    assert "citizens:" not in err  # no template case refused its copy's opening
    person = Citizen.objects.get(user__username=PERSON_LOGIN)
    procedures = set(Case.objects.filter(party_key=person.party_key)
                     .values_list("procedure", flat=True))
    assert {"disclosure", "petition", "reconsideration", "mediation"} <= procedures
    assert Case.objects.filter(party_key=person.party_key, is_open=False).exists()
    assert Case.objects.filter(party_key=person.party_key, is_open=True).exists()
    firm = Citizen.objects.get(user__username=FIRM_LOGIN)
    assert Case.objects.filter(party_key=firm.party_key, procedure="penalty").count() >= 2
    logins = out.split("演示账号")[1]
    assert f"  {PERSON_LOGIN} " in logins and f"  {FIRM_LOGIN} " in logins
    assert "我的事项：演示用户 citizen" in out
