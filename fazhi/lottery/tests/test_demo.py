"""The demo city's lotteries: one in each state, a published draw that re-derives from its
published inputs, and a committed round the notary can finish with the printed r_N."""

from django.contrib.auth.models import User

from fazhi.law import draws
from fazhi.lottery import demo, drawing, notary_steps, rounds
from fazhi.lottery.models import Lottery, Registration
from fazhi.org.actors import Actor


def test_demo_lotteries_in_every_state_and_verifiable(demo_city):
    out, err = demo_city
    assert err == ""
    assert set(Lottery.objects.values_list("state", flat=True)) == set(Lottery.STATES)
    assert Registration.objects.filter(lottery__state=Lottery.OPEN).exists()

    # draw-v1 (docs/draws.md): the published result is a function of the frozen pool, the
    # sources and the notary's revealed r_N, so anyone can run it again
    for lot in Lottery.objects.filter(state=Lottery.PUBLISHED):
        again = draws.run_draw(rounds.spec_for(lot), lot.pool_file.encode("utf-8"),
                               lot.source_values, bytes.fromhex(lot.notary_reveal),
                               bytes.fromhex(lot.notary_commitment))
        assert again.to_json().decode("utf-8") == lot.result_json

    waiting = Lottery.objects.get(state=Lottery.COMMITTED)
    r_n = demo.secret(7, waiting.title)
    assert r_n.hex() in out  # printed for the notary
    gzc = Actor.for_user(User.objects.get(username=demo.NOTARY))
    admin = Actor.for_user(User.objects.get(username=demo.ORGANISER))
    ids = notary_steps.source_ids(waiting)
    notary_steps.enter_source(admin, waiting.pk, ids[0], " ".join(str(n) for n in range(1, 21)),
                          evidence_text="开奖公告")
    notary_steps.enter_source(admin, waiting.pk, ids[-1], "3300.00", evidence_text="收盘点位")
    notary_steps.reveal(gzc, waiting.pk, r_n.hex())
    assert drawing.draw(gzc, waiting.pk).state == Lottery.DRAWN
