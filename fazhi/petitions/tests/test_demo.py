"""The demo builder makes petitions in every state through the engine, without refusals
(a routed one, a final one, a backlog in a campaign), and its logins work."""

from fazhi.cases.models import Case


def test_demo_builds_petitions_in_every_state(demo_city):
    out, err = demo_city
    assert "petitions #" not in out + err  # no planned action refused
    states = set(Case.objects.filter(procedure="petition").values_list("state", flat=True))
    from fazhi.petitions.procedure import STATES

    assert states == set(STATES)
    assert Case.objects.filter(procedure="petition", outcome="routed").exists()
    assert Case.objects.filter(procedure="petition", petition__final=True).exists()
    assert Case.objects.filter(procedure="petition", is_open=True,
                               petition__campaign__startswith="2025").exists()
    from django.contrib.auth.models import User

    assert User.objects.filter(username__in=["xfj_handler", "smjsj_handler", "smq_handler",
                                             "szf_handler"]).count() == 4
