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


def test_demo_has_a_court_on_the_platform_at_every_court_step(demo_city):
    """ADR 0048: 思明区人民法院 with a clerk and a judge (printed with the other logins); its
    cases at every court step, and one confirmation recorded by the committee for a court
    not on the platform."""
    from django.contrib.auth.models import User

    from fazhi.cases.models import Participant
    from fazhi.org.demo import logins
    from fazhi.org.models import Agency

    out, _ = demo_city
    court = Agency.objects.get(kind="court")
    assert court.name == "厦门市思明区人民法院" and "smfy_clerk" in out
    assert {"smfy_clerk", "smfy_judge"} <= {row[0] for row in logins()}
    assert User.objects.get(username="smfy_clerk").staff.roles == ["clerk"]
    ours = Case.objects.filter(procedure="mediation", mediation__court_agency=court)
    assert set(ours.values_list("state", flat=True)) >= {
        "filed", "examining", "confirmed", "rejected", "objected", "closed"}
    from fazhi.core.models import Event

    actions = set(Event.objects.filter(kind="case", owner_id__in=ours.values("pk"))
                  .values_list("action", flat=True))
    assert {"accept_confirmation", "decline_confirmation", "examine", "extend_examination",
            "issue_ruling", "object"} <= actions
    inbox = Case.objects.filter(participants__agency=court, participants__active=True)
    assert inbox.filter(state="filed").exists()
    assert not Participant.objects.filter(agency=court, case__state="closed", active=True).exists()
    assert Case.objects.filter(procedure="mediation", mediation__court="厦门市湖里区人民法院",
                               mediation__court_agency=None, state="confirmed").exists()
