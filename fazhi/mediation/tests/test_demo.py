"""The demo builder makes mediations in every state through the engine, without refusals
(referrals, a campaign, a confirmation), and its logins work."""

from fazhi.cases.models import Case


def test_demo_builds_mediations_in_every_state(demo_city):
    out, err = demo_city
    assert "mediation #" not in out + err  # no planned action refused
    from fazhi.mediation.procedure import STATES

    states = set(Case.objects.filter(procedure="mediation").values_list("state", flat=True))
    assert states == set(STATES)
    assert Case.objects.filter(procedure="mediation", mediation__source="referral").exists()
    assert Case.objects.filter(procedure="mediation", mediation__ruling="valid").exists()
    assert Case.objects.filter(procedure="mediation", mediation__campaign__startswith="2025").exists()
    # 访调对接: a petition of the petitions demo referred to mediation, closed on the agreement
    referred = Case.objects.filter(procedure="mediation", mediation__referrer_kind="petition",
                                   mediation__referral_result__contains="调解协议办结")
    number = referred.values_list("mediation__referrer_number", flat=True).get()
    assert Case.objects.get(number=number).outcome == "settled"
    from django.contrib.auth.models import User

    assert User.objects.filter(username__in=["ljtj_handler", "ljtj_head"]).count() == 2
