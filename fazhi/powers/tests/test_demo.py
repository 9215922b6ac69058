"""The demo city's enforcement registry supports the flows of issue 13: two certified officers
of the market regulator may investigate, the suspended and expired ones are refused, the
comprehensive team and the street body exercise delegated powers, reviewers may review."""

from django.contrib.auth.models import User

from fazhi.org.models import Agency
from fazhi.org.tests.test_demo import TODAY
from fazhi.powers import checks
from fazhi.powers.models import CertificateEvent, EnforcementBody, EnforcementItem
from fazhi.subjects.models import Officer


def test_demo_registry(demo_city):
    out, err = demo_city
    assert err == ""
    assert "权责清单事项" in out
    assert EnforcementItem.objects.count() >= 55
    assert set(EnforcementBody.objects.values_list("kind", flat=True)) == {
        "department", "comprehensive", "township"}
    market = list(Officer.objects.filter(agency__code="XMSCJGJ").order_by("code"))
    item = checks.item("3502SC001", on=TODAY)
    assert checks.acting_refusal(market[:2], category=item.category, on=TODAY, minimum=2) is None
    suspended = Officer.objects.get(pk=CertificateEvent.objects.get().officer_id)
    assert "暂扣" in checks.acting_refusal([suspended], category="市场监管", on=TODAY)
    assert "到期" in checks.acting_refusal([market[-1]], category="市场监管", on=TODAY)

    team, street = (Agency.objects.get(code=c) for c in ("XMCGJ", "XMSMQLJJD"))
    environment = Agency.objects.get(code="XMSTHJJ")
    assert checks.exercising(team, "3502HJ008", on=TODAY) == environment
    assert checks.exercising(environment, "3502HJ008", on=TODAY) is None  # concentrated away
    assert checks.exercising(street, "3502CG002", on=TODAY) == team
    assert checks.exercising(street, "3502SC013", on=TODAY) == Agency.objects.get(code="XMSCJGJ")
    team_officers = list(Officer.objects.filter(agency=team)[:2])
    assert checks.acting_refusal(team_officers, category="生态环境", on=TODAY, minimum=2) is None

    for username in ("scjgj_reviewer", "sfj_reviewer", "zgj_reviewer"):
        assert checks.reviewer_refusal(User.objects.get(username=username), on=TODAY) is None
