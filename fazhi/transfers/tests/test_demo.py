"""The demo city's transfers: one in every state, and the police liaison and the
procurator can each do their part on them."""

from django.contrib.auth.models import User

from fazhi.cases.engine import actions_for
from fazhi.org.actors import Actor
from fazhi.org.tests.test_demo import TODAY
from fazhi.transfers import demo, queries
from fazhi.transfers.procedure import STATES


def test_demo_transfers_in_every_state_and_workable(demo_city):
    out, err = demo_city
    assert err == ""
    assert "涉嫌犯罪案件移送" in out and demo.LIAISON in out
    assert set(queries.transfers().values_list("state", flat=True)) == set(STATES)
    liaison = Actor.for_user(User.objects.get(username=demo.LIAISON))
    procurator = Actor.for_user(User.objects.get(username=demo.PROCURATOR))
    waiting = queries.transfers().get(state="transferred")
    assert {t.action for t in actions_for(waiting, liaison, TODAY)} == {"police_file",
                                                                      "police_refuse"}
    supervising = queries.transfers().get(state="supervising")
    assert [t.action for t in actions_for(supervising, procurator, TODAY)] == ["supervise"]
    # the procuratorate reads every transfer through the one visibility filter
    assert queries.for_actor(procurator).count() == queries.transfers().count()
