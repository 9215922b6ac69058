"""The demo city's custody centre: its custodians, items in every state, intact chains, and
a held item that the demo's accounts can take through the rest of the chain."""

from django.contrib.auth.models import User

from fazhi.core.chains import chain_problems
from fazhi.custody import services
from fazhi.custody.models import STATES, STORED, Centre, Item
from fazhi.org.actors import Actor
from fazhi.org.tests.test_demo import TODAY


def test_demo_centre_with_items_in_every_state(demo_city):
    out, err = demo_city
    assert err == "" and "涉案财物" in out
    centre = Centre.objects.get(agency__name="厦门市涉案财物管理中心")
    keeper = Actor.for_user(User.objects.get(username="swzx_custodian"))
    assert keeper.agency_id == centre.agency_id and "custodian" in keeper.roles
    assert set(Item.objects.values_list("state", flat=True)) == set(STATES)
    assert Item.objects.values("agency").distinct().count() >= 2
    for item in Item.objects.all()[:50]:
        assert chain_problems(item) == []
    stored = Item.objects.filter(state=STORED, pending_action="").first()
    handler = next(a for u in User.objects.filter(staff__agency=stored.agency)
                   if "handler" in (a := Actor.for_user(u)).roles)
    services.record_final(stored, handler, "演示决定", TODAY)
    services.offer(stored, "return", keeper, {"recipient": "张三"}, TODAY)
    assert services.accept(stored, handler, TODAY).state == "returned"
